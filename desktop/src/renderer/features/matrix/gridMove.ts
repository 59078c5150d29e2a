/** A cell of the grid's body: row index among the matrix's rows, column index among its cells. */
export interface GridCell {
  readonly row: number
  readonly col: number
}

/** The grid's size, and how many rows one page (the view) holds. */
export interface GridSize {
  readonly rows: number
  readonly cols: number
  readonly pageRows: number
}

/** The part of a key event the grid reads. */
export interface GridKey {
  readonly key: string
  readonly ctrlKey?: boolean
  readonly metaKey?: boolean
}

/**
 * Where a key moves the focus, as the WAI-ARIA data grid pattern has it: the arrows by one cell,
 * Home and End to the row's ends, Ctrl+Home and Ctrl+End to the grid's, Page Up and Page Down by
 * a view's worth of rows. Null when the key does not move (another key, or an edge).
 */
export function gridMove(event: GridKey, from: GridCell, size: GridSize): GridCell | null {
  const lastRow = size.rows - 1
  const lastCol = size.cols - 1
  const ctrl = event.ctrlKey === true || event.metaKey === true
  const page = Math.max(1, size.pageRows - 1)
  let to: GridCell
  switch (event.key) {
    case 'ArrowRight':
      to = { row: from.row, col: from.col + 1 }
      break
    case 'ArrowLeft':
      to = { row: from.row, col: from.col - 1 }
      break
    case 'ArrowDown':
      to = { row: from.row + 1, col: from.col }
      break
    case 'ArrowUp':
      to = { row: from.row - 1, col: from.col }
      break
    case 'Home':
      to = ctrl ? { row: 0, col: 0 } : { row: from.row, col: 0 }
      break
    case 'End':
      to = ctrl ? { row: lastRow, col: lastCol } : { row: from.row, col: lastCol }
      break
    case 'PageDown':
      to = { row: Math.min(lastRow, from.row + page), col: from.col }
      break
    case 'PageUp':
      to = { row: Math.max(0, from.row - page), col: from.col }
      break
    default:
      return null
  }
  if (to.row < 0 || to.row > lastRow || to.col < 0 || to.col > lastCol) return null
  if (to.row === from.row && to.col === from.col) return null
  return to
}
