import { describe, expect, it } from 'vitest'
import {
  OVERSCAN,
  RENDER_ALL_UP_TO,
  rowRange,
  rowSegments,
  scrollTopFor,
  type Viewport,
} from './rowWindow'

const view = (scrollTop: number): Viewport => ({
  scrollTop,
  height: 500,
  headHeight: 50,
  rowHeight: 25,
})

describe('rowRange', () => {
  it('renders every row of a small matrix', () => {
    expect(rowRange(RENDER_ALL_UP_TO, view(1_000))).toEqual({ start: 0, end: RENDER_ALL_UP_TO })
  })

  it('renders the rows in view and the overscan either side', () => {
    // At the top: rows 0–17 are in view (450 px below the 50 px header), plus the overscan.
    expect(rowRange(200, view(0))).toEqual({ start: 0, end: 18 + OVERSCAN })
    // 1,000 px down: rows 38–58 show.
    expect(rowRange(200, view(1_000))).toEqual({ start: 38 - OVERSCAN, end: 58 + OVERSCAN })
  })

  it('stops at the last row', () => {
    const bottom = 50 + 200 * 25 - 500
    expect(rowRange(200, view(bottom))).toEqual({ start: 180 - OVERSCAN, end: 200 })
    expect(rowRange(200, view(99_999))).toEqual({ start: 200, end: 200 })
  })
})

describe('rowSegments', () => {
  it('puts spacers for the rows not rendered', () => {
    expect(rowSegments(200, { start: 30, end: 60 }, null)).toEqual([
      { kind: 'gap', rows: 30 },
      { kind: 'rows', start: 30, end: 60 },
      { kind: 'gap', rows: 140 },
    ])
    expect(rowSegments(200, { start: 0, end: 200 }, 5)).toEqual([
      { kind: 'rows', start: 0, end: 200 },
    ])
  })

  it('keeps the row with the tab stop, wherever it is', () => {
    expect(rowSegments(200, { start: 100, end: 130 }, 0)).toEqual([
      { kind: 'rows', start: 0, end: 1 },
      { kind: 'gap', rows: 99 },
      { kind: 'rows', start: 100, end: 130 },
      { kind: 'gap', rows: 70 },
    ])
    expect(rowSegments(200, { start: 0, end: 30 }, 199)).toEqual([
      { kind: 'rows', start: 0, end: 30 },
      { kind: 'gap', rows: 169 },
      { kind: 'rows', start: 199, end: 200 },
    ])
    // Inside the window, or out of range: nothing more.
    expect(rowSegments(200, { start: 0, end: 30 }, 10)).toHaveLength(2)
    expect(rowSegments(200, { start: 0, end: 30 }, 500)).toHaveLength(2)
  })
})

describe('scrollTopFor', () => {
  it('moves the least that shows the row below the header', () => {
    expect(scrollTopFor(10, view(0))).toBe(0)
    // Row 40 ends at 50 + 41·25 = 1,075; the view must end there.
    expect(scrollTopFor(40, view(0))).toBe(1_075 - 500)
    // Row 2 starts at 100, which must sit just below the 50 px header.
    expect(scrollTopFor(2, view(1_000))).toBe(50)
  })
})
