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
import { RENDER_ALL_COLUMNS_UP_TO, rowSegments } from './rowWindow'
import { useGridWindow } from './useGridWindow'

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

/**
 * The body row and column of a cell element: from aria-rowindex, and from aria-colindex where
 * columns are windowed (else from its place in the row, where every cell is rendered).
 */
function cellPlace(cell: HTMLElement): { row: number; col: number } | null {
  const tr = cell.parentElement
  const index = Number(tr?.getAttribute('aria-rowindex'))
  if (!tr || !Number.isInteger(index)) return null
  const colIndex = cell.getAttribute('aria-colindex')
  const col = colIndex ? Number(colIndex) - 1 : Array.prototype.indexOf.call(tr.children, cell)
  return { row: index - FIRST_BODY_ROW_INDEX, col }
}

/** The rendered cell at a body row and column, if it is rendered. */
function cellAt(body: HTMLElement | null, row: number, col: number, windowed: boolean) {
  const tr = body?.querySelector<HTMLElement>(`tr[aria-rowindex="${row + FIRST_BODY_ROW_INDEX}"]`)
  if (!tr) return null
  return windowed
    ? tr.querySelector<HTMLElement>(`[aria-colindex="${col + 1}"]`)
    : ((tr.children[col] as HTMLElement | undefined) ?? null)
}

/**
 * The heatmap: a plain table, rows memoised on what they show, so a position that changes
 * re-renders one row. Past 60 rows it renders only the rows in view and a few either side, and
 * past 40 delegations only the columns in view likewise (useGridWindow), with spacer rows and
 * cells for the rest: the browser lays out about a thousand cells instead of 12,000. It is an
 * ARIA grid that says how many rows and columns it has (aria-rowcount, aria-colcount) and where
 * each rendered one is (aria-rowindex, and aria-colindex when columns are windowed), with one
 * tab stop: the arrows, Home and End (with Ctrl: the grid's corners), Page Up and Page Down
 * move, scrolling the cells they reach into being; Enter opens the paragraph in the editor. The
 * row and column holding the tab stop are always rendered, so focus survives scrolling away.
 * The filters, sort and CSV export work on the model (matrixModel.ts), so they cover every row,
 * rendered or not.
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

  // One tab stop, even after the focused row was filtered away: then the first cell has it.
  const activeIndex = active ? rows.findIndex((row) => row.pid === active.pid) : -1
  const tabRow = Math.max(activeIndex, 0)
  const tabCol = activeIndex >= 0 && active ? Math.min(active.col, colCount - 1) : 0
  const windowed = columns.length > RENDER_ALL_COLUMNS_UP_TO
  const grid = useGridWindow(rows.length, columns.length, tabCol >= 2 ? tabCol - 2 : null, words)
  const { view } = grid
  const segments = rowSegments(rows.length, grid.rows, tabRow)
  const { start: columnStart, end: columnEnd } = grid.columns

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
    // Render the cell it reaches (scrolled into view) before focusing it.
    flushSync(() => {
      grid.scrollTo(to.row, to.col >= 2 ? to.col - 2 : null)
      setActive({ pid, col: to.col })
    })
    const next = cellAt(grid.bodyRef.current, to.row, to.col, windowed)
    next?.focus()
    // To the pixel (the window's arithmetic is close; the sticky parts pad the scroller).
    next?.scrollIntoView({ block: 'nearest', inline: 'nearest' })
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
          columnStart={columnStart}
          columnEnd={columnEnd}
          windowed={windowed}
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
      ref={grid.scrollerRef}
      onScroll={grid.onScroll}
      // Focus scrolls a cell into view below the sticky header rows and beside the sticky
      // label column, not under them.
      style={{ scrollPaddingTop: view.headHeight, scrollPaddingLeft: view.stickyWidth }}
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
        <thead ref={grid.headRef}>
          <tr aria-rowindex={1}>
            <th scope="col" rowSpan={2} className="matrix-corner">
              {t('matrix.paragraph')}
            </th>
            <th scope="col" rowSpan={2}>
              {t('matrix.status')}
            </th>
            {matrix.deciding.length > 0 ? (
              <th scope="colgroup" colSpan={matrix.deciding.length} className="matrix-group">
                <span>{t('positions.deciding')}</span>
              </th>
            ) : null}
            {matrix.advisory.length > 0 ? (
              <th
                scope="colgroup"
                colSpan={matrix.advisory.length}
                className="matrix-group matrix-group-advisory"
              >
                <span>{t('positions.advisory')}</span>
              </th>
            ) : null}
          </tr>
          <tr aria-rowindex={2}>
            {columnStart > 0 ? (
              <td aria-hidden="true" colSpan={columnStart} className="matrix-colgap" />
            ) : null}
            {columns.slice(columnStart, columnEnd).map((c, k) => {
              const i = columnStart + k
              return (
                <th
                  key={c.code}
                  scope="col"
                  aria-colindex={windowed ? i + 3 : undefined}
                  title={c.name}
                  className={`matrix-code${!c.decides && i === matrix.deciding.length ? ' matrix-split' : ''}`}
                >
                  {c.code}
                </th>
              )
            })}
            {columnEnd < columns.length ? (
              <td
                aria-hidden="true"
                colSpan={columns.length - columnEnd}
                className="matrix-colgap"
              />
            ) : null}
          </tr>
        </thead>
        <tbody ref={grid.bodyRef}>{body}</tbody>
      </table>
    </div>
  )
}
