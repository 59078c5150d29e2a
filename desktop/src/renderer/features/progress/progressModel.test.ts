import { describe, expect, it } from 'vitest'
import { buildProgress, type HistoryEntry } from './progressModel'

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
