import { describe, expect, it } from 'vitest'
import { gridMove } from './gridMove'

describe('gridMove', () => {
  const size = { rows: 200, cols: 62, pageRows: 18 }

  it('moves by a cell, to the row ends, the grid corners, and by a page', () => {
    const at = { row: 10, col: 5 }
    expect(gridMove({ key: 'ArrowDown' }, at, size)).toEqual({ row: 11, col: 5 })
    expect(gridMove({ key: 'ArrowUp' }, at, size)).toEqual({ row: 9, col: 5 })
    expect(gridMove({ key: 'ArrowRight' }, at, size)).toEqual({ row: 10, col: 6 })
    expect(gridMove({ key: 'ArrowLeft' }, at, size)).toEqual({ row: 10, col: 4 })
    expect(gridMove({ key: 'Home' }, at, size)).toEqual({ row: 10, col: 0 })
    expect(gridMove({ key: 'End' }, at, size)).toEqual({ row: 10, col: 61 })
    expect(gridMove({ key: 'Home', ctrlKey: true }, at, size)).toEqual({ row: 0, col: 0 })
    expect(gridMove({ key: 'End', metaKey: true }, at, size)).toEqual({ row: 199, col: 61 })
    expect(gridMove({ key: 'PageDown' }, at, size)).toEqual({ row: 27, col: 5 })
    expect(gridMove({ key: 'PageUp' }, at, size)).toEqual({ row: 0, col: 5 })
    expect(gridMove({ key: 'PageDown' }, { row: 195, col: 5 }, size)).toEqual({
      row: 199,
      col: 5,
    })
  })

  it('does not move past an edge, nor for other keys', () => {
    expect(gridMove({ key: 'ArrowUp' }, { row: 0, col: 3 }, size)).toBeNull()
    expect(gridMove({ key: 'ArrowDown' }, { row: 199, col: 3 }, size)).toBeNull()
    expect(gridMove({ key: 'ArrowLeft' }, { row: 4, col: 0 }, size)).toBeNull()
    expect(gridMove({ key: 'ArrowRight' }, { row: 4, col: 61 }, size)).toBeNull()
    expect(gridMove({ key: 'Home' }, { row: 4, col: 0 }, size)).toBeNull()
    expect(gridMove({ key: 'a' }, { row: 4, col: 4 }, size)).toBeNull()
  })
})
