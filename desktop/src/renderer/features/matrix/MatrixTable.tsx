import type { TFunction } from 'i18next'
import { type KeyboardEvent, type MouseEvent, memo, useLayoutEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { PositionValue } from '../../api/types'
import { type Matrix, type MatrixColumn, type MatrixRow, matrixColumns } from './matrixModel'
import { POSITION_SYMBOLS } from './positionSymbols'

/** Props of {@link MatrixTable}. */
export interface MatrixTableProps {
  readonly matrix: Matrix
  /** Goes to a paragraph in the editor. */
  onOpen(pid: string): void
}

/** The words a row needs, worked out once per language rather than once per cell. */
interface CellWords {
  readonly short: Readonly<Record<PositionValue | 'none', string>>
  readonly long: Readonly<Record<PositionValue | 'none', string>>
  /** What a cell shows: its symbol and short word. */
  readonly mark: Readonly<Record<PositionValue | 'none', string>>
  /** "OP6, BRA: objection", as the language orders it. */
  label(paragraph: string, delegation: string, value: string): string
  status(row: MatrixRow): string
}

const VALUES: readonly (PositionValue | 'none')[] = [
  'support',
  'flexible',
  'reservation',
  'objection',
  'amendment',
  'none',
]

function cellWords(t: TFunction): CellWords {
  const short = Object.fromEntries(VALUES.map((v) => [v, t(`matrix.short.${v}`)])) as Record<
    PositionValue | 'none',
    string
  >
  const long = Object.fromEntries(
    VALUES.map((v) => [v, v === 'none' ? t('matrix.noPosition') : t(`positions.values.${v}`)]),
  ) as Record<PositionValue | 'none', string>
  // One translation with markers, split once: the cells then only concatenate.
  const pattern = t('matrix.cellLabel', {
    paragraph: '\u0001',
    delegation: '\u0002',
    value: '\u0003',
  })
  const mark = Object.fromEntries(
    VALUES.map((v) => [
      v,
      POSITION_SYMBOLS[v] ? `${POSITION_SYMBOLS[v]}\u2009${short[v]}` : short[v],
    ]),
  ) as Record<PositionValue | 'none', string>
  return {
    short,
    long,
    mark,
    label: (paragraph, delegation, value) =>
      pattern.replace('\u0001', paragraph).replace('\u0002', delegation).replace('\u0003', value),
    status: (row) =>
      row.status === 'pending'
        ? t('status.pendingOf', { delegation: row.pendingDelegation ?? '?' })
        : t(`status.${row.status}`),
  }
}

/**
 * The heatmap: a plain table (one element per cell, no component per cell), rows memoised on
 * what they show, so a position that changes re-renders one row. It is an ARIA grid with one tab
 * stop: the arrow keys, Home and End move, Enter opens the paragraph in the editor.
 */
export function MatrixTable({ matrix, onOpen }: MatrixTableProps) {
  const { t, i18n } = useTranslation()
  // biome-ignore lint/correctness/useExhaustiveDependencies: the words change with the language.
  const words = useMemo(() => cellWords(t), [t, i18n.language])
  const columns = useMemo(() => matrixColumns(matrix), [matrix])
  const columnsKey = columns.map((c) => c.code).join(',')
  const body = useRef<HTMLTableSectionElement>(null)
  const pressed = useRef<HTMLElement | null>(null)

  // Keeps exactly one tab stop in the grid, even after the focused row was filtered away.
  useLayoutEffect(() => {
    const root = body.current?.closest('table')
    if (!root) return
    const stops = root.querySelectorAll<HTMLElement>('[data-cell][tabindex="0"]')
    if (stops.length === 0)
      root.querySelector<HTMLElement>('[data-cell]')?.setAttribute('tabindex', '0')
  })

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
    const row = cell.parentElement as HTMLTableRowElement
    const cells = [...row.querySelectorAll<HTMLElement>('[data-cell]')]
    const index = cells.indexOf(cell)
    let next: HTMLElement | null | undefined = null
    if (event.key === 'ArrowRight') next = cells[index + 1]
    else if (event.key === 'ArrowLeft') next = cells[index - 1]
    else if (event.key === 'Home') next = cells[0]
    else if (event.key === 'End') next = cells.at(-1)
    else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      const sibling = (
        event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling
      ) as HTMLElement | null
      next = sibling?.querySelectorAll<HTMLElement>('[data-cell]')[index]
    }
    if (!next) return
    event.preventDefault()
    cell.setAttribute('tabindex', '-1')
    next.setAttribute('tabindex', '0')
    next.focus()
  }

  return (
    <div className="matrix-scroll">
      <table
        className="matrix"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table is the data grid pattern's own element (WAI-ARIA APG); its cells take focus and open paragraphs.
        role="grid"
        aria-label={t('matrix.tableLabel')}
        aria-rowcount={matrix.rows.length + 2}
        aria-colcount={columns.length + 2}
        onClick={onClick}
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
        <thead>
          <tr>
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
          <tr>
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
        <tbody ref={body}>
          {matrix.rows.map((row) => (
            <MatrixRowView
              key={row.pid}
              row={row}
              columns={columns}
              columnsKey={columnsKey}
              split={matrix.deciding.length}
              words={words}
            />
          ))}
        </tbody>
      </table>
    </div>
  )
}

interface RowProps {
  readonly row: MatrixRow
  readonly columns: readonly MatrixColumn[]
  readonly columnsKey: string
  /** Index of the first advisory column. */
  readonly split: number
  readonly words: CellWords
}

function sameRow(a: RowProps, b: RowProps): boolean {
  return (
    a.words === b.words &&
    a.columnsKey === b.columnsKey &&
    a.split === b.split &&
    a.row.pid === b.row.pid &&
    a.row.label === b.row.label &&
    a.row.status === b.row.status &&
    a.row.pendingDelegation === b.row.pendingDelegation &&
    a.row.cells.length === b.row.cells.length &&
    a.row.cells.every((cell, i) => cell === b.row.cells[i])
  )
}

const MatrixRowView = memo(function MatrixRowView({ row, columns, split, words }: RowProps) {
  const status = words.status(row)
  return (
    <tr data-pid={row.pid} className={row.blocked ? 'is-blocked' : undefined}>
      <th scope="row" data-cell="" tabIndex={-1} className="matrix-label">
        {row.label}
      </th>
      <td data-cell="" tabIndex={-1} className="matrix-status">
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
            tabIndex={-1}
            // Its name says it all; what it shows (symbol and short word) is drawn by CSS from
            // data-mark, so a cell is one element, however many there are.
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
