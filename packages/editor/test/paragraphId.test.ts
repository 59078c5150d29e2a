import { expect, test } from 'vitest'
import { generateParagraphId, PARAGRAPH_ID_LENGTH } from '../src/index.js'

test('generated ids are 16 characters of [a-z0-9] and do not repeat', () => {
  const ids = Array.from({ length: 10_000 }, generateParagraphId)
  for (const id of ids) expect(id).toMatch(new RegExp(`^[a-z0-9]{${PARAGRAPH_ID_LENGTH}}$`))
  expect(new Set(ids).size).toBe(ids.length)
})

test('every symbol is used, with no bias towards the first ones', () => {
  const counts = new Map<string, number>()
  for (let i = 0; i < 2_000; i++) {
    for (const symbol of generateParagraphId()) counts.set(symbol, (counts.get(symbol) ?? 0) + 1)
  }
  expect(counts.size).toBe(36)
  // 32,000 symbols over 36: about 889 each. A `byte % 36` bias would give a, b, c, d ~14% more.
  const expected = (2_000 * PARAGRAPH_ID_LENGTH) / 36
  for (const count of counts.values())
    expect(Math.abs(count - expected)).toBeLessThan(expected * 0.12)
})
