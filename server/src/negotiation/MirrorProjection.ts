import { consensusOf, documentName, type PositionValue } from '@accord/protocol'
import type { Declaration } from '../directory/Conferences.js'
import type { Comments, CommentView } from './Comments.js'
import { sharedName } from './documentNames.js'
import { syncMap } from './mirrorMap.js'
import type { NegotiationContext } from './NegotiationContext.js'
import { type Positions, recordedBy } from './Positions.js'
import { overrideOf, type Statuses } from './Statuses.js'

/**
 * Projects the negotiation's SQL state into the server-written mirror documents that clients
 * read live and offline: the shared one, and one per delegation for its internal comments.
 */
export class MirrorProjection {
  readonly #timers = new Map<string, NodeJS.Timeout>()

  constructor(
    readonly ctx: NegotiationContext,
    readonly positions: Positions,
    readonly statuses: Statuses,
    readonly comments: Comments,
  ) {}

  /**
   * Rewrites the mirror documents from SQL: the shared one (shared comments, positions,
   * statuses, consensus) and one per delegation (its internal comments). Internal comments are
   * only ever written into their own delegation's document, so they never travel to anyone
   * else, not even inside Yjs state.
   */
  async refresh(d: Declaration): Promise<void> {
    const [paragraphs, delegations, positions, statuses, comments] = await Promise.all([
      this.ctx.paragraphs(d),
      this.ctx.delegations(d),
      this.positions.current(d),
      this.statuses.current(d),
      this.comments.comments(d, null),
    ])
    const deciding = [...delegations.values()].filter((x) => x.decides).map((x) => x.code)
    const positionEntries = new Map<string, unknown>()
    for (const row of positions) {
      const delegation = delegations.get(row.delegation_id)
      if (!delegation) continue
      positionEntries.set(`${row.paragraph_id}/${delegation.code}`, {
        paragraphId: row.paragraph_id,
        delegation: delegation.code,
        decides: delegation.decides,
        value: row.value,
        amendment: row.amendment,
        note: row.note,
        setBy: row.name,
        // 'secretariat' when the secretariat recorded it on the delegation's behalf.
        recordedBy: recordedBy(row.on_behalf),
        setAt: Number(row.set_at),
      })
    }
    const statusEntries = new Map<string, unknown>()
    for (const [pid, row] of statuses) {
      const override = overrideOf(row)
      statusEntries.set(pid, {
        status: row.status,
        pendingDelegation: row.pending_delegation_id
          ? (delegations.get(row.pending_delegation_id)?.code ?? null)
          : null,
        setAt: Number(row.set_at),
        // Agreed over objections: why, and over whom (absent when nobody objected).
        ...(override ? { override } : {}),
      })
    }
    const consensusEntries = new Map<string, unknown>()
    for (const paragraph of paragraphs) {
      if (!paragraph.id) continue
      const views = positions
        .filter((row) => row.paragraph_id === paragraph.id && delegations.has(row.delegation_id))
        .map((row) => {
          const delegation = delegations.get(row.delegation_id)!
          return {
            delegation: delegation.code,
            decides: delegation.decides,
            value: row.value as PositionValue,
          }
        })
      const openProposals = new Set(paragraph.proposals.map((p) => p.id)).size
      consensusEntries.set(paragraph.id, consensusOf({ deciding, positions: views, openProposals }))
    }
    // A comment whose paragraph left the draft is kept, and says so, for readers offline too.
    const present = new Set(paragraphs.map((p) => p.id))
    const withPlace = (c: CommentView) => ({ ...c, orphaned: !present.has(c.paragraphId) })
    const commentEntries = new Map<string, unknown>(comments.map((c) => [c.id, withPlace(c)]))
    await this.ctx.relay.mutate(sharedName(d), (doc) => {
      doc.transact(() => {
        syncMap(doc.getMap('positions'), positionEntries)
        syncMap(doc.getMap('statuses'), statusEntries)
        syncMap(doc.getMap('consensus'), consensusEntries)
        syncMap(doc.getMap('comments'), commentEntries)
      })
    })
    // Each delegation's internal comments go into its own document, and nowhere else. Only
    // delegations that have (or had: deleted comments stay as rows) internal comments have one.
    const internal = (await this.comments.allComments(d, delegations)).filter(
      (c) => c.visibility === 'delegation',
    )
    for (const delegation of delegations.values()) {
      const own = internal.filter((c) => c.delegation === delegation.code)
      if (own.length === 0) continue
      const name = documentName({
        kind: 'delegation',
        conferenceId: d.conferenceId,
        declarationId: d.id,
        delegationId: delegation.id,
      })
      await this.ctx.relay.mutate(name, (doc) => {
        syncMap(doc.getMap('comments'), new Map(own.map((c) => [c.id, withPlace(c)])))
      })
    }
  }

  /**
   * Schedules a refresh of the mirrors after the draft changed (new brackets change consensus).
   * Bursts of typing collapse into one refresh.
   */
  scheduleRefresh(d: Declaration, delayMs = 150): void {
    if (this.#timers.has(d.id)) return
    const timer = setTimeout(() => {
      this.#timers.delete(d.id)
      this.refresh(d).catch(() => {})
    }, delayMs)
    timer.unref()
    this.#timers.set(d.id, timer)
  }
}
