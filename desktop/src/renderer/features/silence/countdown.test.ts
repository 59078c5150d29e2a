import { describe, expect, it } from 'vitest'
import { localInputValue, parseLocalInput, remaining } from './countdown'

describe('the silence countdown', () => {
  it('splits the time left into days, hours, minutes and seconds', () => {
    const now = Date.UTC(2026, 11, 1, 12, 0, 0)
    const deadline = now + ((2 * 24 + 3) * 3600 + 4 * 60 + 5) * 1000
    expect(remaining(deadline, now)).toEqual({
      days: 2,
      hours: 3,
      minutes: 4,
      seconds: 5,
      over: false,
    })
  })
  it('rounds a part of a second up, so it reaches zero only at the deadline', () => {
    expect(remaining(1_500, 1_000)).toMatchObject({ seconds: 1, over: false })
    expect(remaining(1_000, 1_000)).toMatchObject({ seconds: 0, over: true })
  })
  it('never counts below zero after the deadline', () => {
    expect(remaining(1_000, 90_000)).toEqual({
      days: 0,
      hours: 0,
      minutes: 0,
      seconds: 0,
      over: true,
    })
  })
})

describe('the deadline field', () => {
  it('reads back what it writes, to the second', () => {
    const at = new Date(2026, 11, 4, 9, 30, 15).getTime()
    expect(localInputValue(at)).toBe('2026-12-04T09:30:15')
    expect(parseLocalInput(localInputValue(at))).toBe(at)
  })
  it('accepts minutes without seconds, and refuses what is not a date-time', () => {
    expect(parseLocalInput('2026-12-04T09:30')).toBe(new Date(2026, 11, 4, 9, 30).getTime())
    for (const value of ['', '2026-12-04', 'tomorrow', '2026-12-04T9:30', '2026-13-45T99:99']) {
      expect(parseLocalInput(value)).toBeNull()
    }
  })
})
