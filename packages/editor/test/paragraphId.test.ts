import { expect, test } from 'vitest'
import { generateParagraphId, PARAGRAPH_ID_LENGTH } from '../src/index.js'

test('generated ids are 16 characters of [a-z0-9] and do not repeat', () => {
  const ids = Array.from({ length: 10_000 }, generateParagraphId)
  for (const id of ids) expect(id).toMatch(new RegExp(`^[a-z0-9]{${PARAGRAPH_ID_LENGTH}}$`))
  expect(new Set(ids).size).toBe(ids.length)
})

test('every symbol is used, with no bias towards the first ones', () => {
  const ids = 12_500
  const counts = new Map<string, number>()
  for (let i = 0; i < ids; i++) {
    for (const symbol of generateParagraphId()) counts.set(symbol, (counts.get(symbol) ?? 0) + 1)
  }
  expect(counts.size).toBe(36)
  // Pearson's chi-squared statistic over the 36 symbols (35 degrees of freedom, mean 35). Uniform
  // symbols exceed 140 with a probability of about 1e-13, so this never fails by chance; a
  // `byte % 36` bias (a, b, c, d each 8/256 instead of 7/256) adds about 390 at 200,000 symbols.
  const expected = (ids * PARAGRAPH_ID_LENGTH) / 36
  let chiSquared = 0
  for (const count of counts.values()) chiSquared += (count - expected) ** 2 / expected
  expect(chiSquared).toBeLessThan(140)
})
