import { describe, expect, it } from 'vitest'
import { buildProgress, dayOf, type HistoryEntry, progressByDay } from './progressModel'

const entry = (
  seq: number,
  paragraphId: string,
  status: string,
  kind = 'operative',
): HistoryEntry => ({
  seq,
  paragraphId,
  status,
  at: 1_000 * seq,
  payload: { label: paragraphId.toUpperCase(), kind },
})

describe('consensus progress over the agreed-text history', () => {
  it('counts agreed, provisional and open paragraphs after each change, in history order', () => {
    const points = buildProgress(
      [
        entry(3, 'op1', 'open'),
        entry(1, 'op1', 'agreed'),
        entry(2, 'op2', 'ad_ref'),
        entry(4, 'op2', 'agreed'),
      ],
      3,
    )
    expect(
      points.map(({ seq, agreed, provisional, open }) => [seq, agreed, provisional, open]),
    ).toEqual([
      [1, 1, 0, 2],
      [2, 1, 1, 1],
      [3, 0, 1, 2],
      [4, 1, 0, 2],
    ])
    expect(points[0]).toMatchObject({ label: 'OP1', status: 'agreed', at: 1_000 })
  })
  it('leaves out titles, chapeaux and headings, which are not negotiated', () => {
    const points = buildProgress(
      [entry(1, 'title', 'agreed', 'title'), entry(2, 'op1', 'agreed')],
      1,
    )
    expect(points).toHaveLength(1)
    expect(points[0]).toMatchObject({ seq: 2, agreed: 1, open: 0 })
  })
  it('counts a paragraph no longer in the text rather than going below zero', () => {
    const points = buildProgress([entry(1, 'op1', 'agreed'), entry(2, 'op9', 'agreed')], 1)
    expect(points.at(-1)).toMatchObject({ agreed: 2, open: 0 })
  })
})

/** A change of status at an instant given in ISO 8601 with its offset. */
const at = (seq: number, paragraphId: string, status: string, iso: string): HistoryEntry => ({
  ...entry(seq, paragraphId, status),
  at: Date.parse(iso),
})

describe('consensus progress per day', () => {
  // Two changes late in the day in London are the next morning in Tokyo; the last, early on
  // 5 March in London, is still the evening of 4 March in Los Angeles.
  const history = [
    at(1, 'op1', 'agreed', '2026-03-02T09:00:00Z'),
    at(2, 'op2', 'ad_ref', '2026-03-02T16:30:00Z'),
    at(3, 'op3', 'pending', '2026-03-02T23:30:00Z'),
    at(4, 'op2', 'agreed', '2026-03-05T05:00:00Z'),
  ]
  const points = buildProgress(history, 4)
  const rows = (days: ReturnType<typeof progressByDay>) =>
    days.map(({ day, agreed, provisional, open, changes }) => [
      day,
      agreed,
      provisional,
      open,
      changes,
    ])

  it('keeps where agreement stood at the end of each day, in the time zone given', () => {
    expect(rows(progressByDay(points, 'Europe/London'))).toEqual([
      ['2026-03-02', 1, 2, 1, 3],
      ['2026-03-03', 1, 2, 1, 0],
      ['2026-03-04', 1, 2, 1, 0],
      ['2026-03-05', 2, 1, 1, 1],
    ])
    expect(rows(progressByDay(points, 'Asia/Tokyo'))).toEqual([
      ['2026-03-02', 1, 0, 3, 1],
      ['2026-03-03', 1, 2, 1, 2],
      ['2026-03-04', 1, 2, 1, 0],
      ['2026-03-05', 2, 1, 1, 1],
    ])
    expect(rows(progressByDay(points, 'America/Los_Angeles'))).toEqual([
      ['2026-03-02', 1, 2, 1, 3],
      ['2026-03-03', 1, 2, 1, 0],
      ['2026-03-04', 2, 1, 1, 1],
    ])
  })

  it('runs on to the day asked for, repeating the last day, and never stops before the last change', () => {
    const until = progressByDay(points, 'UTC', Date.parse('2026-03-07T12:00:00Z'))
    expect(rows(until).slice(-3)).toEqual([
      ['2026-03-05', 2, 1, 1, 1],
      ['2026-03-06', 2, 1, 1, 0],
      ['2026-03-07', 2, 1, 1, 0],
    ])
    const early = progressByDay(points, 'UTC', Date.parse('2026-03-01T00:00:00Z'))
    expect(early.map((d) => d.day)).toEqual([
      '2026-03-02',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ])
  })

  it('counts a day of summer time change as one day, across month and year ends', () => {
    // Europe/London moved its clocks on 2026-03-29 (a 23-hour day) and back on 2026-10-25.
    const spring = buildProgress(
      [
        at(1, 'op1', 'agreed', '2026-03-28T12:00:00Z'),
        at(2, 'op2', 'agreed', '2026-03-30T12:00:00Z'),
      ],
      2,
    )
    expect(progressByDay(spring, 'Europe/London').map((d) => d.day)).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
    ])
    const yearEnd = buildProgress([at(1, 'op1', 'agreed', '2026-12-31T12:00:00Z')], 1)
    expect(
      progressByDay(yearEnd, 'UTC', Date.parse('2027-01-01T12:00:00Z')).map((d) => d.day),
    ).toEqual(['2026-12-31', '2027-01-01'])
    expect(dayOf(Date.parse('2026-10-25T23:30:00Z'), 'Europe/London')).toBe('2026-10-25')
    expect(dayOf(Date.parse('2026-06-30T23:30:00Z'), 'Europe/London')).toBe('2026-07-01')
  })

  it('has no day before the first change', () => {
    expect(progressByDay([], 'UTC', Date.parse('2026-03-07T12:00:00Z'))).toEqual([])
  })
})
