import { DECLARATION_FIELD, type DeclarationParagraph } from '@accord/editor'
import type { Kysely } from 'kysely'
import type { AuditLog } from '../audit/AuditLog.js'
import type { Database } from '../db/schema.js'
import type { Conferences, Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { StatusChange } from '../outcomes/AgreedHistory.js'
import type { Relay } from '../sync/Relay.js'
import type { Principal } from '../sync/RelaySocket.js'
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
  readonly #after = new Map<string, Promise<void>>()
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
    this.threads = new Comments(this.ctx, changed)
    this.positions = new Positions(this.ctx, changed)
    this.statuses = new Statuses(this.ctx, changed)
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

  /** Resolves once the follow-up work queued so far for a declaration's draft is done. */
  async settled(declarationId: string): Promise<void> {
    for (;;) {
      const pending = this.#after.get(declarationId)
      if (!pending) return
      await pending
    }
  }

  /**
   * After a client's update to the draft was stored: carries out the repair the rules decided,
   * enforces the locks (of the paragraphs the update touched, when known), then schedules a
   * mirror refresh. Runs for one declaration one after
   * another, so that two quick updates do not both restore (and audit) the same paragraph.
   */
  afterDraftUpdate(
    d: Declaration,
    principal: Principal | null,
    repair: DraftRepair | null = null,
    touched: ReadonlySet<string> | null = null,
  ): Promise<void> {
    const previous = this.#after.get(d.id) ?? Promise.resolve()
    const next = previous
      .then(() => (repair ? this.repairs.repairDraft(d, principal, repair) : undefined))
      .then(() => this.locks.enforceLocks(d, principal, touched))
      .then(() => this.identifyParagraphs(d, principal))
      .then(() => this.mirrors.scheduleRefresh(d))
    const settled = next.catch(() => {})
    this.#after.set(d.id, settled)
    void settled.then(() => {
      if (this.#after.get(d.id) === settled) this.#after.delete(d.id)
    })
    return next
  }
}
