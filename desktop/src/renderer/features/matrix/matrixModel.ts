import { consensusOf } from '@accord/protocol'
import type {
  ConsensusState,
  Delegation,
  ParagraphStatus,
  PositionEntry,
  PositionValue,
} from '../../api/types'
import type { MirrorSnapshot } from '../../connection/MirrorSnapshot'
import type { DraftParagraph } from './readParagraphs'

/** Which paragraphs the matrix shows. */
export type MatrixFilter = 'all' | 'blocked' | 'waiting' | 'agreed'
export const MATRIX_FILTERS: readonly MatrixFilter[] = ['all', 'blocked', 'waiting', 'agreed']

/** How the matrix orders its rows: as in the text, by label, or most contested first. */
export type MatrixSort = 'order' | 'label' | 'contested'
export const MATRIX_SORTS: readonly MatrixSort[] = ['order', 'label', 'contested']

/** One column: a delegation. */
export interface MatrixColumn {
  readonly code: string
  readonly name: string
  readonly decides: boolean
}

/** One row: a paragraph, its status, and one cell per column (null: no position yet). */
export interface MatrixRow {
  readonly pid: string
  readonly label: string
  readonly order: number
  readonly status: ParagraphStatus
  readonly pendingDelegation: string | null
  readonly cells: readonly (PositionValue | null)[]
  /** Deciding delegations that object, propose an amendment, hold a reservation. */
  readonly objections: number
  readonly amendments: number
  readonly reservations: number
  /** Deciding delegations that have not stated a position. */
  readonly waiting: number
  readonly blocked: boolean
}

/** The matrix as shown: deciding columns, then advisory ones (if shown), and the rows. */
export interface Matrix {
  readonly deciding: readonly MatrixColumn[]
  readonly advisory: readonly MatrixColumn[]
  readonly rows: readonly MatrixRow[]
  /** Rows before the filter. */
  readonly total: number
}

/** The options of {@link buildMatrix}. */
export interface MatrixOptions {
  readonly filter: MatrixFilter
  readonly sort: MatrixSort
  readonly showAdvisory: boolean
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })

function column(d: Delegation): MatrixColumn {
  return { code: d.code, name: d.name, decides: d.decides }
}

/** The consensus the server wrote, or the same computation if it has not written it yet. */
function consensusFor(
  pid: string,
  mirror: MirrorSnapshot,
  decidingCodes: readonly string[],
  positions: ReadonlyMap<string, PositionEntry> | undefined,
): ConsensusState {
  return (
    mirror.consensus.get(pid) ??
    consensusOf({
      deciding: decidingCodes,
      positions: [...(positions?.values() ?? [])],
      openProposals: 0,
    })
  )
}

/**
 * Paragraphs × delegations from the shared mirror. Counts take deciding delegations only, as
 * consensus does (docs/negotiation.md); advisory positions are shown, never counted.
 * "Waiting" means a paragraph not yet agreed on which a deciding delegation has said nothing.
 */
export function buildMatrix(
  paragraphs: readonly DraftParagraph[],
  delegations: readonly Delegation[],
  mirror: MirrorSnapshot,
  options: MatrixOptions,
): Matrix {
  const byCode = (a: Delegation, b: Delegation) => collator.compare(a.code, b.code)
  const deciding = delegations
    .filter((d) => d.decides)
    .sort(byCode)
    .map(column)
  const advisory = delegations
    .filter((d) => !d.decides)
    .sort(byCode)
    .map(column)
  const columns = options.showAdvisory ? [...deciding, ...advisory] : deciding
  const decidingCodes = deciding.map((c) => c.code)
  const all: MatrixRow[] = paragraphs.map((paragraph) => {
    const positions = mirror.positions.get(paragraph.pid)
    const consensus = consensusFor(paragraph.pid, mirror, decidingCodes, positions)
    const statusEntry = mirror.statuses.get(paragraph.pid)
    const status = statusEntry?.status ?? 'open'
    let reservations = 0
    for (const code of decidingCodes) {
      if (positions?.get(code)?.value === 'reservation') reservations++
    }
    return {
      pid: paragraph.pid,
      label: paragraph.label,
      order: paragraph.order,
      status,
      pendingDelegation: statusEntry?.pendingDelegation ?? null,
      cells: columns.map((c) => positions?.get(c.code)?.value ?? null),
      objections: consensus.blockedBy.length,
      amendments: consensus.amendmentsBy.length,
      reservations,
      waiting: status === 'agreed' ? 0 : consensus.waitingFor.length,
      blocked: consensus.blockedBy.length > 0,
    }
  })
  const rows = all.filter((row) => matches(row, options.filter))
  rows.sort(comparator(options.sort))
  return { deciding, advisory: options.showAdvisory ? advisory : [], rows, total: all.length }
}

function matches(row: MatrixRow, filter: MatrixFilter): boolean {
  switch (filter) {
    case 'all':
      return true
    case 'blocked':
      return row.blocked
    case 'waiting':
      return row.waiting > 0
    case 'agreed':
      return row.status === 'agreed'
  }
}

function comparator(sort: MatrixSort): (a: MatrixRow, b: MatrixRow) => number {
  switch (sort) {
    case 'order':
      return (a, b) => a.order - b.order
    case 'label':
      return (a, b) => collator.compare(a.label, b.label) || a.order - b.order
    case 'contested':
      return (a, b) =>
        b.objections - a.objections ||
        b.amendments - a.amendments ||
        b.reservations - a.reservations ||
        a.order - b.order
  }
}

/** The columns of a matrix, deciding first, as its rows' cells are laid out. */
export function matrixColumns(matrix: Matrix): MatrixColumn[] {
  return [...matrix.deciding, ...matrix.advisory]
}
