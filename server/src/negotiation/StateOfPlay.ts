import type { ConsensusState, PositionValue } from '@accord/protocol'
import type { Declaration } from '../directory/Conferences.js'
import type { NegotiationContext } from './NegotiationContext.js'
import { type Positions, type RecordedBy, recordedBy } from './Positions.js'
import { paragraphConsensus } from './paragraphConsensus.js'
import { overrideOf, type RecordedOverride, type Statuses } from './Statuses.js'

/** One paragraph in the state of play. */
export interface ParagraphState {
  id: string
  kind: string
  label: string
  status: string
  pendingDelegation: string | null
  /** When the status was last set; null for a paragraph never given one (open). */
  statusSetAt: number | null
  /** Set when the paragraph was agreed over objections. */
  override: RecordedOverride | null
  consensus: ConsensusState
  /** How many proposals (brackets, by id) the text still holds. */
  openBrackets: number
  /** Every delegation whose current position is an objection; `decides` says if it blocks. */
  objections: { delegation: string; decides: boolean }[]
}

/** One cell of the positions grid: a delegation's current position on a paragraph. */
export interface PositionCell {
  paragraphId: string
  delegation: string
  value: PositionValue
  amendment: string | null
  note: string | null
  /** Who recorded it (a person's name). */
  setBy: string
  recordedBy: RecordedBy
  setAt: number
}

/**
 * The secretariat's reads of where a whole declaration stands: each paragraph's status and
 * consensus, and the grid of positions by delegation. They read what the shared mirror holds,
 * computed the same way (`consensusOf`), from SQL and the stored draft.
 */
export class StateOfPlay {
  constructor(
    readonly ctx: NegotiationContext,
    readonly positions: Positions,
    readonly statuses: Statuses,
  ) {}

  /** Statuses and consensus of every paragraph of the draft, in document order. */
  async paragraphs(d: Declaration): Promise<ParagraphState[]> {
    const [paragraphs, delegations, positions, statuses] = await Promise.all([
      this.ctx.paragraphs(d),
      this.ctx.delegations(d),
      this.positions.current(d),
      this.statuses.current(d),
    ])
    const deciding = [...delegations.values()].filter((x) => x.decides).map((x) => x.code)
    return paragraphs
      .filter((p) => p.id !== '')
      .map((paragraph) => {
        const { views, openBrackets, consensus } = paragraphConsensus(
          paragraph,
          positions,
          delegations,
          deciding,
        )
        const status = statuses.get(paragraph.id)
        return {
          id: paragraph.id,
          kind: paragraph.kind,
          label: paragraph.label,
          status: status?.status ?? 'open',
          pendingDelegation: status?.pending_delegation_id
            ? (delegations.get(status.pending_delegation_id)?.code ?? null)
            : null,
          statusSetAt: status ? Number(status.set_at) : null,
          override: status ? overrideOf(status) : null,
          consensus,
          openBrackets,
          objections: views
            .filter((v) => v.value === 'objection')
            .map((v) => ({ delegation: v.delegation, decides: v.decides }))
            .sort((a, b) => a.delegation.localeCompare(b.delegation)),
        }
      })
  }

  /** The positions grid: the delegations, the paragraphs, and each current position. */
  async grid(d: Declaration) {
    const [paragraphs, delegations, positions] = await Promise.all([
      this.ctx.paragraphs(d),
      this.ctx.delegations(d),
      this.positions.current(d),
    ])
    const present = new Set(paragraphs.map((p) => p.id))
    const cells: PositionCell[] = positions
      .filter((row) => delegations.has(row.delegation_id) && present.has(row.paragraph_id))
      .map((row) => ({
        paragraphId: row.paragraph_id,
        delegation: delegations.get(row.delegation_id)!.code,
        value: row.value as PositionValue,
        amendment: row.amendment,
        note: row.note,
        setBy: row.name,
        recordedBy: recordedBy(row.on_behalf),
        setAt: Number(row.set_at),
      }))
    return {
      delegations: [...delegations.values()].map((x) => ({
        id: x.id,
        code: x.code,
        name: x.name,
        kind: x.kind,
        decides: x.decides,
      })),
      paragraphs: paragraphs
        .filter((p) => p.id !== '')
        .map((p) => ({ id: p.id, kind: p.kind, label: p.label })),
      positions: cells,
    }
  }
}
