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
  /** The delegation columns rendered, [columnStart, columnEnd); spacer cells stand for the rest. */
  readonly columnStart: number
  readonly columnEnd: number
  /** Whether columns are windowed: then each cell says where it is (aria-colindex). */
  readonly windowed: boolean
}

/** A cell standing in for columns not rendered: its width only, and no cell of the grid. */
function ColumnGap({ span }: { readonly span: number }) {
  return <td aria-hidden="true" colSpan={span} className="matrix-colgap" />
}

/** The index of the first body row in aria-rowindex terms: two header rows come first. */
export const FIRST_BODY_ROW_INDEX = 3

function sameRow(a: MatrixRowViewProps, b: MatrixRowViewProps): boolean {
  return (
    a.words === b.words &&
    a.index === b.index &&
    a.activeCol === b.activeCol &&
    a.columnStart === b.columnStart &&
    a.columnEnd === b.columnEnd &&
    a.windowed === b.windowed &&
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
  columnStart,
  columnEnd,
  windowed,
}: MatrixRowViewProps) {
  const status = words.status(row)
  const cells = []
  for (let i = columnStart; i < columnEnd; i++) {
    const value = row.cells[i] ?? 'none'
    const code = columns[i]!.code
    const name = words.label(row.label, code, words.long[value])
    cells.push(
      <td
        key={code}
        aria-colindex={windowed ? i + 3 : undefined}
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
      />,
    )
  }
  return (
    <tr
      data-pid={row.pid}
      aria-rowindex={index + FIRST_BODY_ROW_INDEX}
      className={row.blocked ? 'is-blocked' : undefined}
    >
      <th
        scope="row"
        data-cell=""
        aria-colindex={windowed ? 1 : undefined}
        tabIndex={activeCol === 0 ? 0 : -1}
        className="matrix-label"
      >
        {row.label}
      </th>
      <td
        data-cell=""
        aria-colindex={windowed ? 2 : undefined}
        tabIndex={activeCol === 1 ? 0 : -1}
        className="matrix-status"
      >
        <span className={`badge status-${row.status}`}>{status}</span>
      </td>
      {columnStart > 0 ? <ColumnGap span={columnStart} /> : null}
      {cells}
      {columnEnd < row.cells.length ? <ColumnGap span={row.cells.length - columnEnd} /> : null}
    </tr>
  )
}, sameRow)
