import { DECLARATION_FIELD, type DeclarationParagraph } from '@accord/editor'
import type { Kysely } from 'kysely'
import type { AuditLog } from '../audit/AuditLog.js'
import type { Database } from '../db/schema.js'
import type { Conferences, Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { StatusChange } from '../outcomes/AgreedHistory.js'
import type { Relay } from '../sync/Relay.js'
import type { Principal } from '../sync/RelaySocket.js'
import type { Projector } from './atomicCommand.js'
import { Comments } from './Comments.js'
import { DraftRepairs } from './DraftRepairs.js'
import { draftName } from './documentNames.js'
import type { DraftRepair } from './draftRules.js'
import { type StructuredParagraph, structuredParagraphs } from './draftText.js'
import { LockEnforcement } from './LockEnforcement.js'
import { MirrorProjection } from './MirrorProjection.js'
import { NegotiationContext } from './NegotiationContext.js'
import { Positions } from './Positions.js'
import { ProposalDecisions } from './ProposalDecisions.js'
import { grantIdentities, type IdentityGrant, planIdentities } from './paragraphIdentities.js'
import { StateOfPlay } from './StateOfPlay.js'
import { Statuses } from './Statuses.js'

export type { Actor } from './Actor.js'
export type { CommentView } from './Comments.js'
export { draftName, sharedName } from './documentNames.js'

/**
 * The negotiation of one declaration, as the routes and the relay's rules see it: comments,
 * positions, paragraph statuses and proposal decisions (each in its own module), lock
 * enforcement and repairs of the draft, and the mirrors they are projected into. Every command
 * is authorised by the routes, stored in SQL and audited, then projected into the mirrors.
 */
export class Negotiation {
  /** Per declaration: the follow-up run in flight, and the batch waiting for it. */
  readonly #running = new Map<string, Promise<void>>()
  readonly #queued = new Map<string, FollowUpBatch>()
  readonly ctx: NegotiationContext
  readonly threads: Comments
  readonly positions: Positions
  readonly statuses: Statuses
  readonly decisions: ProposalDecisions
  readonly locks: LockEnforcement
  readonly repairs: DraftRepairs
  readonly mirrors: MirrorProjection
  readonly stateOfPlay: StateOfPlay

  constructor(db: Kysely<Database>, conferences: Conferences, relay: Relay, audit: AuditLog) {
    this.ctx = new NegotiationContext(db, conferences, relay, audit)
    const changed = (d: Declaration) => this.mirrors.refresh(d)
    // Comments, positions and statuses write the mirrors inside their transaction
    // (`atomicCommand`).
    const projector: Projector = {
      source: (d) => this.mirrors.source(d),
      writeWithin: (d, source) => this.mirrors.writeWithin(d, source),
      refresh: changed,
    }
    this.threads = new Comments(this.ctx, projector)
    this.positions = new Positions(this.ctx, projector)
    this.statuses = new Statuses(this.ctx, projector)
    this.repairs = new DraftRepairs(this.ctx)
    this.locks = new LockEnforcement(this.ctx, this.statuses, this.repairs)
    this.mirrors = new MirrorProjection(this.ctx, this.positions, this.statuses, this.threads)
    this.stateOfPlay = new StateOfPlay(this.ctx, this.positions, this.statuses)
    this.decisions = new ProposalDecisions(db, relay, {
      paragraphs: (d) => this.ctx.paragraphs(d),
      statusOf: async (d, pid) => (await this.statuses.current(d)).get(pid)?.status,
      refresh: changed,
    })
  }

  /** The declaration, or 404. */
  async declaration(conferenceId: string, declarationId: string): Promise<Declaration> {
    const declaration = await this.ctx.conferences.declaration(conferenceId, declarationId)
    if (!declaration) throw new ApiError('not_found', 'no such declaration')
    return declaration
  }

  /** The paragraphs of the draft text, read on the server from stored state. */
  paragraphs(d: Declaration): Promise<DeclarationParagraph[]> {
    return this.ctx.paragraphs(d)
  }

  /** The paragraphs with their structure: clean runs, proposals, and a bracketed rendering. */
  structuredParagraphs(d: Declaration): Promise<StructuredParagraph[]> {
    return this.ctx.relay.read(draftName(d), (doc) => structuredParagraphs(doc))
  }

  addComment: Comments['addComment'] = (...args) => this.threads.addComment(...args)
  changeComment: Comments['changeComment'] = (...args) => this.threads.changeComment(...args)
  resolveComment: Comments['resolveComment'] = (...args) => this.threads.resolveComment(...args)
  setPosition: Positions['setPosition'] = (...args) => this.positions.setPosition(...args)
  positionHistory: Positions['positionHistory'] = (...args) =>
    this.positions.positionHistory(...args)
  /** Called after each status change is stored: the agreed-text history chains it (#10). */
  onStatusChange:
    | ((d: Declaration, actorUserId: string, change: StatusChange) => Promise<void>)
    | null = null
  setStatus: Statuses['setStatus'] = async (d, actor, input) => {
    await this.statuses.setStatus(d, actor, input)
    await this.onStatusChange?.(d, actor.userId, input)
  }
  decideProposal: ProposalDecisions['decide'] = (...args) => this.decisions.decide(...args)
  proposalDecisions: ProposalDecisions['list'] = (...args) => this.decisions.list(...args)
  refresh: MirrorProjection['refresh'] = (d) => this.mirrors.refresh(d)
  scheduleRefresh: MirrorProjection['scheduleRefresh'] = (...args) =>
    this.mirrors.scheduleRefresh(...args)
  enforceLocks: LockEnforcement['enforceLocks'] = (...args) => this.locks.enforceLocks(...args)

  /** Comments visible to a reader: every shared one, and the internal ones of its delegation. */
  comments(d: Declaration, readerDelegationId: string | null) {
    return this.threads.comments(d, readerDelegationId)
  }

  /** Carries out decisions left as intents by a crash (see `ProposalDecisions`); run on start. */
  reconcileDecisions(): Promise<number> {
    return this.decisions.reconcile()
  }

  /**
   * Notes that `principal` changed these paragraphs of a draft, so that a lock restore tells
   * everyone whose change it undid, not only the sender of the update that triggered the check.
   */
  noteTouches(draft: string, paragraphIds: ReadonlySet<string>, principal: Principal | null): void {
    if (!principal) return
    this.locks.noteTouches(draft, paragraphIds, principal)
  }

  /**
   * Gives every top-level block of the draft an id and a label, whoever wrote it: the editor does
   * this for its own users, but a client without it (a stock Yjs client, a script) can write a
   * block with none, which nobody could then comment on or take a position on. Agreed
   * paragraphs are left to their locks. Audited when it changed anything.
   */
  async identifyParagraphs(d: Declaration, principal: Principal | null): Promise<number> {
    const locked = new Set((await this.statuses.locks(d)).map((l) => l.pid))
    // Most updates leave every block identified: a read, without the queued write.
    const needed = await this.ctx.relay.read(draftName(d), (doc) => planIdentities(doc, locked))
    if (needed.length === 0) return 0
    let grants: IdentityGrant[] = []
    await this.ctx.relay.mutate(draftName(d), (doc) => {
      grants = planIdentities(doc, locked)
      if (grants.length > 0) grantIdentities(doc.getXmlFragment(DECLARATION_FIELD), grants)
    })
    if (grants.length > 0)
      await this.ctx.audit.record({
        actorUserId: principal?.userId ?? null,
        action: 'paragraph.identified',
        outcome: 'ok',
        conferenceId: d.conferenceId,
        target: draftName(d),
        detail: {
          declarationId: d.id,
          paragraphs: grants.map(({ was, pid, label }) => ({ was, pid, label })),
        },
      })
    return grants.length
  }

  /**
   * Resolves once the follow-up work of a declaration's draft is done: no lock check or repair
   * queued or in flight, and no mirror refresh scheduled, queued or in flight.
   */
  async settled(declarationId: string): Promise<void> {
    for (;;) {
      const pending = this.#queued.get(declarationId)?.done ?? this.#running.get(declarationId)
      if (pending) {
        await pending.catch(() => {})
        continue
      }
      await this.mirrors.settled(declarationId)
      if (!this.#queued.has(declarationId) && !this.#running.has(declarationId)) return
    }
  }

  /**
   * After a client's update to the draft was stored: carries out the repair the rules decided,
   * enforces the locks (of the paragraphs the update touched, when known), then schedules a
   * mirror refresh.
   *
   * Coalesced per declaration: at most one run is in flight, and the updates stored while it
   * runs wait as one batch for the next (their repairs in arrival order, one lock check over
   * every paragraph they touched), so the work never grows into a chain of one run per update,
   * and two quick updates do not both restore (and audit) the same paragraph. The promise
   * settles when the run that covers this update is done.
   */
  afterDraftUpdate(
    d: Declaration,
    principal: Principal | null,
    repair: DraftRepair | null = null,
    touched: ReadonlySet<string> | null = null,
  ): Promise<void> {
    let batch = this.#queued.get(d.id)
    if (!batch) {
      let resolve!: () => void
      let reject!: (error: unknown) => void
      const done = new Promise<void>((yes, no) => {
        resolve = yes
        reject = no
      })
      batch = {
        declaration: d,
        repairs: [],
        touched: new Set(),
        principals: new Map(),
        unplaced: new Map(),
        done,
        resolve,
        reject,
      }
      this.#queued.set(d.id, batch)
      const previous = this.#running.get(d.id) ?? Promise.resolve()
      void previous.catch(() => {}).then(() => this.#run(d.id))
    }
    batch.declaration = d
    if (repair) batch.repairs.push({ principal, repair })
    batch.touched =
      touched === null || batch.touched === null ? null : new Set([...batch.touched, ...touched])
    batch.principals.set(principal?.userId ?? '', principal)
    // Who changed paragraphs that could not be placed is told of any restore the check makes.
    if (touched === null && principal) batch.unplaced.set(principal.userId, principal)
    return batch.done
  }

  /** Runs the batch queued for a declaration (see `afterDraftUpdate`). */
  async #run(declarationId: string): Promise<void> {
    const batch = this.#queued.get(declarationId)
    if (!batch) return
    this.#queued.delete(declarationId)
    const work = (async () => {
      const d = batch.declaration
      // One repair that fails (a relay refusal) must not cost the others, nor the lock check.
      let failure: unknown = null
      for (const { principal, repair } of batch.repairs) {
        await this.repairs.repairDraft(d, principal, repair).catch((error: unknown) => {
          failure ??= error
        })
      }
      // One sender: the lock check's actor; several: each restore names who touched it.
      const senders = [...batch.principals.values()]
      const sender = senders.length === 1 ? senders[0]! : null
      await this.locks.enforceLocks(d, sender, batch.touched, [...batch.unplaced.values()])
      // After the locks: a copy of an agreed paragraph is theirs to remove, not to identify.
      await this.identifyParagraphs(d, sender)
      this.mirrors.scheduleRefresh(d)
      if (failure !== null) throw failure
    })()
    this.#running.set(declarationId, work)
    try {
      await work
      batch.resolve()
    } catch (error) {
      batch.reject(error)
    } finally {
      if (this.#running.get(declarationId) === work) this.#running.delete(declarationId)
    }
  }
}

/** The follow-up work of the draft updates stored while another run was in flight. */
interface FollowUpBatch {
  declaration: Declaration
  readonly repairs: { principal: Principal | null; repair: DraftRepair }[]
  touched: Set<string> | null
  readonly principals: Map<string, Principal | null>
  /** The senders of updates whose paragraphs could not be placed (touched unknown). */
  readonly unplaced: Map<string, Principal>
  readonly done: Promise<void>
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}
