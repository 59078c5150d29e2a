import { memo } from 'react'
import type { CellWords } from './cellWords'
import type { MatrixColumn, MatrixRow } from './matrixModel'

/** Props of {@link MatrixRowView}. */
export interface MatrixRowViewProps {
  readonly row: MatrixRow
  /** The row's place among the matrix's rows (0: the first below the two header rows). */
  readonly index: number
  readonly columns: readonly MatrixColumn[]
  /** The column codes joined: what the memo compares instead of the array. */
  readonly columnsKey: string
  /** Index of the first advisory column. */
  readonly split: number
  readonly words: CellWords
  /** The cell of this row that holds the grid's tab stop, or -1. */
  readonly activeCol: number
}

/** The index of the first body row in aria-rowindex terms: two header rows come first. */
export const FIRST_BODY_ROW_INDEX = 3

function sameRow(a: MatrixRowViewProps, b: MatrixRowViewProps): boolean {
  return (
    a.words === b.words &&
    a.index === b.index &&
    a.activeCol === b.activeCol &&
    a.columnsKey === b.columnsKey &&
    a.split === b.split &&
    a.row.pid === b.row.pid &&
    a.row.label === b.row.label &&
    a.row.status === b.row.status &&
    a.row.pendingDelegation === b.row.pendingDelegation &&
    a.row.blocked === b.row.blocked &&
    a.row.cells.length === b.row.cells.length &&
    a.row.cells.every((cell, i) => cell === b.row.cells[i])
  )
}

/**
 * One paragraph's row: one element per cell (no component per cell), memoised on what it shows,
 * so that a position that changes re-renders one row.
 */
export const MatrixRowView = memo(function MatrixRowView({
  row,
  index,
  columns,
  split,
  words,
  activeCol,
}: MatrixRowViewProps) {
  const status = words.status(row)
  return (
    <tr
      data-pid={row.pid}
      aria-rowindex={index + FIRST_BODY_ROW_INDEX}
      className={row.blocked ? 'is-blocked' : undefined}
    >
      <th scope="row" data-cell="" tabIndex={activeCol === 0 ? 0 : -1} className="matrix-label">
        {row.label}
      </th>
      <td data-cell="" tabIndex={activeCol === 1 ? 0 : -1} className="matrix-status">
        <span className={`badge status-${row.status}`}>{status}</span>
      </td>
      {row.cells.map((cell, i) => {
        const value = cell ?? 'none'
        const code = columns[i]!.code
        const name = words.label(row.label, code, words.long[value])
        return (
          <td
            key={code}
            data-cell=""
            data-delegation={code}
            data-value={value}
            tabIndex={activeCol === i + 2 ? 0 : -1}
            // Its name says it all; what it shows (symbol and short word) is drawn by CSS from
            // data-mark, so a cell is one element, however many there are. (A text node would
            // lay out faster, but the abbreviation would then be visible text missing from the
            // name: WCAG 2.5.3, axe's label-content-name-mismatch.)
            aria-label={name}
            title={name}
            data-mark={words.mark[value]}
            className={`cell cell-${value}${i === split && i > 0 ? ' matrix-split' : ''}`}
          />
        )
      })}
    </tr>
  )
}, sameRow)
