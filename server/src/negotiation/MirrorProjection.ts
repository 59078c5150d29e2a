import { readDeclaration } from '@accord/editor'
import { documentName } from '@accord/protocol'
import type { Declaration } from '../directory/Conferences.js'
import type { MirrorSource } from './atomicCommand.js'
import { Coalesced } from './Coalesced.js'
import type { Comments, CommentView } from './Comments.js'
import { draftName, sharedName } from './documentNames.js'
import { syncMap } from './mirrorMap.js'
import type { NegotiationContext } from './NegotiationContext.js'
import { type Positions, recordedBy } from './Positions.js'
import { paragraphConsensus } from './paragraphConsensus.js'
import { proposalShape } from './proposalIndex.js'
import { overrideOf, type Statuses } from './Statuses.js'

/**
 * Projects the negotiation's SQL state into the server-written mirror documents that clients
 * read live and offline: the shared one, and one per delegation for its internal comments.
 */
export class MirrorProjection {
  /** By declaration: the scheduled check, and a promise that settles once it has started. */
  readonly #timers = new Map<string, { timer: NodeJS.Timeout; started: Promise<void> }>()
  readonly #refreshes = new Coalesced()
  /** By declaration: the draft's `proposalShape` as the mirrors were last written from it. */
  readonly #shapes = new Map<string, string>()
  /** Declarations whose SQL state changed since their last refresh started. */
  readonly #stale = new Set<string>()

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
   *
   * At most one refresh of a declaration runs at a time; the calls made while it runs share
   * one more run, which reads everything they changed. Resolves once a refresh that started
   * after this call has written the mirrors.
   */
  refresh(d: Declaration): Promise<void> {
    this.#stale.add(d.id)
    return this.#refreshes.run(d.id, () => this.#update(d))
  }

  /**
   * The one task both kinds of request share: a full refresh when SQL changed since the last
   * run started, otherwise one only if what the mirrors read from the draft changed.
   */
  async #update(d: Declaration): Promise<void> {
    if (!this.#stale.delete(d.id)) {
      const shape = await this.ctx.relay.read(draftName(d), proposalShape)
      if (shape === this.#shapes.get(d.id)) return
    }
    try {
      await this.#refresh(d)
    } catch (error) {
      this.#stale.add(d.id)
      throw error
    }
  }

  /**
   * What a refresh reads outside SQL: the draft (through the relay) and the delegations. A
   * command reads it before its transaction (see `atomicCommand`).
   */
  async source(d: Declaration): Promise<Omit<MirrorSource, 'db'>> {
    const [{ paragraphs, shape }, delegations] = await Promise.all([
      this.ctx.relay.read(draftName(d), (doc) => ({
        paragraphs: readDeclaration(doc),
        shape: proposalShape(doc),
      })),
      this.ctx.delegations(d),
    ])
    return { paragraphs, shape, delegations }
  }

  /**
   * Writes the mirrors from a command's transaction, before it commits, so that a refusal of the
   * relay rolls the command back (`atomicCommand`). Not coalesced: a queued refresh would wait
   * for a run that waits for the transaction's connection. A coalesced refresh that read SQL
   * before the transaction may still write after this; the `refresh` the command awaits once
   * committed puts the mirrors right.
   */
  writeWithin(d: Declaration, source: MirrorSource): Promise<void> {
    return this.#refresh(d, source)
  }

  async #refresh(d: Declaration, given?: MirrorSource): Promise<void> {
    const { paragraphs, shape, delegations } = given ?? (await this.source(d))
    const db = given?.db ?? this.ctx.db
    const [positions, statuses, comments] = await Promise.all([
      this.positions.current(d, db),
      this.statuses.current(d, db),
      this.comments.comments(d, null, { db, delegations }),
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
      consensusEntries.set(
        paragraph.id,
        paragraphConsensus(paragraph, positions, delegations, deciding).consensus,
      )
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
    this.#shapes.set(d.id, shape)
    // Each delegation's internal comments go into its own document, and nowhere else. Only
    // delegations that have (or had: deleted comments stay as rows) internal comments have one.
    const internal = (await this.comments.allComments(d, delegations, db)).filter(
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
   * Schedules a refresh of the mirrors after the draft changed: new or decided brackets change
   * consensus, and a paragraph that left the draft orphans its comments. Bursts of typing
   * collapse into one check, and a change that moved no bracket and no paragraph (most typing)
   * rewrites nothing: what the mirrors read from the draft is compared first.
   */
  scheduleRefresh(d: Declaration, delayMs = 150): void {
    if (this.#timers.has(d.id)) return
    let started!: () => void
    const timer = setTimeout(() => {
      this.#timers.delete(d.id)
      this.#refreshes.run(d.id, () => this.#update(d)).catch(() => {})
      started()
    }, delayMs)
    timer.unref()
    this.#timers.set(d.id, { timer, started: new Promise<void>((resolve) => (started = resolve)) })
  }

  /** Resolves once no refresh of the declaration is scheduled, in flight or queued. */
  async settled(declarationId: string): Promise<void> {
    for (;;) {
      const scheduled = this.#timers.get(declarationId)
      if (scheduled) await scheduled.started
      await this.#refreshes.idle(declarationId)
      if (!this.#timers.has(declarationId)) return
    }
  }
}
