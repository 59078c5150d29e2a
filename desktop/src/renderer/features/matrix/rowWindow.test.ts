import { describe, expect, it } from 'vitest'
import {
  COLUMN_OVERSCAN,
  columnRange,
  OVERSCAN,
  RENDER_ALL_COLUMNS_UP_TO,
  RENDER_ALL_UP_TO,
  rowRange,
  rowSegments,
  scrollLeftFor,
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

describe('columnRange', () => {
  const across = (scrollLeft: number) => ({
    scrollLeft,
    width: 1_000,
    dataLeft: 250,
    colWidth: 50,
    stickyWidth: 90,
  })

  it('renders every column up to 40 delegations', () => {
    expect(columnRange(RENDER_ALL_COLUMNS_UP_TO, across(2_000), null)).toEqual({
      start: 0,
      end: RENDER_ALL_COLUMNS_UP_TO,
    })
  })

  it('renders the columns in view beside the sticky label, and the overscan', () => {
    // At the left: columns 0–15 show (250 px to 1,000 px).
    expect(columnRange(60, across(0), null)).toEqual({ start: 0, end: 15 + COLUMN_OVERSCAN })
    // 1,000 px across: the label covers up to 1,090, so columns 16–35 show.
    expect(columnRange(60, across(1_000), null)).toEqual({
      start: 16 - COLUMN_OVERSCAN,
      end: 35 + COLUMN_OVERSCAN,
    })
  })

  it('stretches to the column of the tab stop', () => {
    expect(columnRange(60, across(1_000), 3)).toEqual({ start: 3, end: 35 + COLUMN_OVERSCAN })
    expect(columnRange(60, across(0), 50)).toEqual({ start: 0, end: 51 })
  })

  it('scrolls the least that shows a column beside the sticky label', () => {
    expect(scrollLeftFor(2, across(0))).toBe(0)
    // Column 20 ends at 250 + 21·50 = 1,300.
    expect(scrollLeftFor(20, across(0))).toBe(300)
    // Column 1 starts at 300, which must sit just right of the 90 px label.
    expect(scrollLeftFor(1, across(1_000))).toBe(210)
  })
})
