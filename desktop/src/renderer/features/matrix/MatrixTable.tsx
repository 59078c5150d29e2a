import {
  type FocusEvent,
  type KeyboardEvent,
  type MouseEvent,
  type ReactElement,
  useMemo,
  useRef,
  useState,
} from 'react'
import { flushSync } from 'react-dom'
import { useTranslation } from 'react-i18next'
import { cellWords } from './cellWords'
import { gridMove } from './gridMove'
import { FIRST_BODY_ROW_INDEX, MatrixRowView } from './MatrixRowView'
import { type Matrix, matrixColumns } from './matrixModel'
import { rowSegments } from './rowWindow'
import { useRowWindow } from './useRowWindow'

/** Props of {@link MatrixTable}. */
export interface MatrixTableProps {
  readonly matrix: Matrix
  /** Goes to a paragraph in the editor. */
  onOpen(pid: string): void
}

/** The cell holding the grid's one tab stop, by paragraph so that it follows a re-sort. */
interface ActiveCell {
  readonly pid: string
  readonly col: number
}

/** The body row and column of a cell element, from the row's aria-rowindex. */
function cellPlace(cell: HTMLElement): { row: number; col: number } | null {
  const tr = cell.parentElement
  const index = Number(tr?.getAttribute('aria-rowindex'))
  if (!tr || !Number.isInteger(index)) return null
  return { row: index - FIRST_BODY_ROW_INDEX, col: Array.prototype.indexOf.call(tr.children, cell) }
}

/**
 * The heatmap: a plain table, rows memoised on what they show, so a position that changes
 * re-renders one row. Past 60 rows it renders only the rows in view and a few either side
 * (useRowWindow), with spacer rows for the rest: the browser then lays out a few thousand cells
 * instead of 12,000. It is an ARIA grid that says how many rows it has (aria-rowcount) and
 * where each rendered one is (aria-rowindex), with one tab stop: the arrows, Home and End
 * (with Ctrl: the grid's corners), Page Up and Page Down move, scrolling the rows they reach
 * into being; Enter opens the paragraph in the editor. The row holding the tab stop is always
 * rendered, so focus survives scrolling away. The filters, sort and CSV export work on the model
 * (matrixModel.ts), so they cover every row, rendered or not.
 */
export function MatrixTable({ matrix, onOpen }: MatrixTableProps) {
  const { t, i18n } = useTranslation()
  // biome-ignore lint/correctness/useExhaustiveDependencies: the words change with the language.
  const words = useMemo(() => cellWords(t), [t, i18n.language])
  const columns = useMemo(() => matrixColumns(matrix), [matrix])
  const columnsKey = columns.map((c) => c.code).join(',')
  const { rows } = matrix
  const colCount = columns.length + 2
  const pressed = useRef<HTMLElement | null>(null)
  const [active, setActive] = useState<ActiveCell | null>(null)
  const rowWindow = useRowWindow(rows.length, words)
  const { view } = rowWindow

  // One tab stop, even after the focused row was filtered away: then the first cell has it.
  const activeIndex = active ? rows.findIndex((row) => row.pid === active.pid) : -1
  const tabRow = Math.max(activeIndex, 0)
  const tabCol = activeIndex >= 0 && active ? Math.min(active.col, colCount - 1) : 0
  const segments = rowSegments(rows.length, rowWindow.range, tabRow)

  function openFrom(target: EventTarget | null) {
    const cell = (target as HTMLElement | null)?.closest<HTMLElement>('[data-cell]')
    const pid = cell?.closest<HTMLElement>('tr[data-pid]')?.dataset.pid
    if (pid) onOpen(pid)
  }

  function onClick(event: MouseEvent) {
    // The row header's link navigates by itself.
    if ((event.target as HTMLElement).closest('a')) return
    openFrom(event.target)
  }

  function onFocus(event: FocusEvent) {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]')
    const place = cell && cellPlace(cell)
    const pid = place ? rows[place.row]?.pid : undefined
    if (!place || !pid) return
    if (active?.pid !== pid || active.col !== place.col) setActive({ pid, col: place.col })
  }

  function onKeyUp(event: KeyboardEvent) {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]')
    const wasPressed = pressed.current
    pressed.current = null
    if ((event.key === 'Enter' || event.key === ' ') && cell && cell === wasPressed) openFrom(cell)
  }

  function onKeyDown(event: KeyboardEvent) {
    const cell = (event.target as HTMLElement).closest<HTMLElement>('[data-cell]')
    if (!cell) return
    if (event.key === 'Enter' || event.key === ' ') {
      // Opened on the key's release, as a button does: the key is then over, and nothing of it
      // reaches the editor that takes focus on arrival.
      event.preventDefault()
      pressed.current = cell
      return
    }
    const from = cellPlace(cell)
    if (!from) return
    const pageRows = Math.floor((view.height - view.headHeight) / view.rowHeight)
    const to = gridMove(event, from, { rows: rows.length, cols: colCount, pageRows })
    const pid = to ? rows[to.row]?.pid : undefined
    if (!to || !pid) return
    event.preventDefault()
    // Render the row it reaches (scrolled into view) before focusing it.
    flushSync(() => {
      rowWindow.scrollToRow(to.row)
      setActive({ pid, col: to.col })
    })
    const tr = rowWindow.bodyRef.current?.querySelector<HTMLElement>(
      `tr[aria-rowindex="${to.row + FIRST_BODY_ROW_INDEX}"]`,
    )
    ;(tr?.children[to.col] as HTMLElement | undefined)?.focus()
  }

  // One flat list keyed by paragraph: rows keep their elements as the window moves.
  const body: ReactElement[] = []
  let gaps = 0
  for (const segment of segments) {
    if (segment.kind === 'gap') {
      gaps++
      body.push(
        // Stands in for the rows not rendered, so that the scrollbar tells the whole table.
        // biome-ignore lint/a11y/noAriaHiddenOnFocusable: a spacer row holds nothing focusable; hidden, it is no row of the grid.
        <tr key={`gap-${gaps}`} aria-hidden="true" className="matrix-gap">
          <td colSpan={colCount} style={{ height: segment.rows * view.rowHeight }} />
        </tr>,
      )
      continue
    }
    for (let index = segment.start; index < segment.end; index++) {
      const row = rows[index]!
      body.push(
        <MatrixRowView
          key={row.pid}
          row={row}
          index={index}
          columns={columns}
          columnsKey={columnsKey}
          split={matrix.deciding.length}
          words={words}
          activeCol={index === tabRow ? tabCol : -1}
        />,
      )
    }
  }

  return (
    <div
      className="matrix-scroll"
      ref={rowWindow.scrollerRef}
      onScroll={rowWindow.onScroll}
      // Focus scrolls a cell into view below the sticky header rows, not under them.
      style={{ scrollPaddingTop: view.headHeight }}
    >
      <table
        className="matrix"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table is the data grid pattern's own element (WAI-ARIA APG); its cells take focus and open paragraphs.
        role="grid"
        aria-label={t('matrix.tableLabel')}
        aria-rowcount={rows.length + FIRST_BODY_ROW_INDEX - 1}
        aria-colcount={colCount}
        onClick={onClick}
        onFocus={onFocus}
        onKeyDown={onKeyDown}
        onKeyUp={onKeyUp}
      >
        {/* Fixed widths: the browser lays the table out once, not again for every change. */}
        <colgroup>
          <col className="matrix-col-label" />
          <col className="matrix-col-status" />
          {columns.map((c) => (
            <col key={c.code} className="matrix-col-code" />
          ))}
        </colgroup>
        <thead ref={rowWindow.headRef}>
          <tr aria-rowindex={1}>
            <th scope="col" rowSpan={2} className="matrix-corner">
              {t('matrix.paragraph')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('matrix.status')}
            </th>
            {matrix.deciding.length > 0 ? (
              <th scope="colgroup" colSpan={matrix.deciding.length} className="matrix-group">
                {t('positions.deciding')}
              </th>
            ) : null}
            {matrix.advisory.length > 0 ? (
              <th
                scope="colgroup"
                colSpan={matrix.advisory.length}
                className="matrix-group matrix-group-advisory"
              >
                {t('positions.advisory')}
              </th>
            ) : null}
          </tr>
          <tr aria-rowindex={2}>
            {columns.map((c, i) => (
              <th
                key={c.code}
                scope="col"
                title={c.name}
                className={`matrix-code${!c.decides && i === matrix.deciding.length ? ' matrix-split' : ''}`}
              >
                {c.code}
              </th>
            ))}
          </tr>
        </thead>
        <tbody ref={rowWindow.bodyRef}>{body}</tbody>
      </table>
    </div>
  )
}
