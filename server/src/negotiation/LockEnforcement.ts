import { declarationBlocks, paragraphText } from '@accord/editor'
import type { Declaration } from '../directory/Conferences.js'
import type { Principal } from '../sync/RelaySocket.js'
import type { DraftRepairs } from './DraftRepairs.js'
import { draftName } from './documentNames.js'
import { holdsLock, restoreParagraph } from './draftText.js'
import type { NegotiationContext } from './NegotiationContext.js'
import type { Statuses } from './Statuses.js'

/** Keeps agreed paragraphs as agreed in the draft, whatever a client sends. */
export class LockEnforcement {
  /** By draft and paragraph: who changed it since its lock was last checked. */
  readonly #touches = new Map<string, Map<string, Map<string, Principal>>>()

  constructor(
    readonly ctx: NegotiationContext,
    readonly statuses: Statuses,
    readonly repairs: DraftRepairs,
  ) {}

  /** Notes who changed which paragraphs of a draft (see `enforceLocks`). */
  noteTouches(draft: string, paragraphIds: ReadonlySet<string>, principal: Principal): void {
    if (paragraphIds.size === 0) return
    const byParagraph = this.#touches.get(draft) ?? new Map<string, Map<string, Principal>>()
    this.#touches.set(draft, byParagraph)
    for (const pid of paragraphIds) {
      const who = byParagraph.get(pid) ?? new Map<string, Principal>()
      byParagraph.set(pid, who)
      who.set(principal.userId, principal)
    }
  }

  /**
   * Takes the notes of who changed the paragraphs a check covers (all when `touched` is null),
   * leaving those of other paragraphs for the check that covers them: a check of one update's
   * paragraphs must not forget who changed another paragraph meanwhile.
   */
  #take(
    draft: string,
    touched: ReadonlySet<string> | null,
  ): Map<string, Map<string, Principal>> | undefined {
    const byParagraph = this.#touches.get(draft)
    if (!byParagraph || touched === null) {
      this.#touches.delete(draft)
      return byParagraph
    }
    const taken = new Map<string, Map<string, Principal>>()
    for (const pid of touched) {
      const who = byParagraph.get(pid)
      if (!who) continue
      taken.set(pid, who)
      byParagraph.delete(pid)
    }
    if (byParagraph.size === 0) this.#touches.delete(draft)
    return taken
  }

  /**
   * Puts back any agreed paragraph that a client changed anyway (bypassing the editor's lock),
   * for everyone, and audits the attempt. Called after each stored update to the draft, with
   * the paragraphs it touched.
   */
  async enforceLocks(
    d: Declaration,
    principal: Principal | null,
    touched: ReadonlySet<string> | null = null,
    /** Senders told of every restore this check makes (their touches could not be noted). */
    alsoTell: readonly Principal[] = [],
  ): Promise<number> {
    const actorUserId = principal?.userId ?? null
    // Only the agreed paragraphs the update touched can have changed (its repair included, which
    // only acts on paragraphs the update touched); when that is not known, all of them.
    const locks = (await this.statuses.locks(d)).filter(
      ({ pid }) => touched === null || touched.has(pid),
    )
    if (locks.length === 0) {
      // None of these paragraphs is agreed: who changed them no longer matters.
      this.#take(draftName(d), touched)
      return 0
    }
    let touches: Map<string, Map<string, Principal>> | undefined
    const broken = await this.ctx.relay.read(draftName(d), (doc) => {
      // Who changed what up to exactly the state read here; later updates run their own check.
      touches = this.#take(draftName(d), touched)
      return (
        locks
          .filter(({ pid, lock }) => !holdsLock(doc, pid, lock))
          // What the draft held instead, for the sender's notice.
          .map((entry) => ({
            ...entry,
            held: declarationBlocks(doc)
              .filter((block) => block.claimed === entry.pid)
              .map((block) => paragraphText(block.element))
              .join(' / '),
          }))
      )
    })
    if (broken.length === 0) return 0
    await this.ctx.relay.mutate(draftName(d), (doc) => {
      doc.transact(() => {
        for (const { pid, lock } of broken) restoreParagraph(doc, pid, lock)
      })
    })
    for (const { pid } of broken) {
      // With several senders in one check (see Negotiation.afterDraftUpdate), whoever changed
      // the paragraph first since its last check is named.
      const toucher = touches?.get(pid)?.values().next().value?.userId ?? null
      await this.ctx.audit.record({
        actorUserId: actorUserId ?? toucher,
        action: 'paragraph.lockRestored',
        outcome: 'denied',
        conferenceId: d.conferenceId,
        target: pid,
        detail: { declarationId: d.id },
      })
    }
    // Everyone whose change was undone is told: with concurrent updates, the check that finds
    // a paragraph broken may run for another sender's update.
    const told = new Map<
      string,
      { principal: Principal | null; pids: { pid: string; held: string }[] }
    >()
    for (const { pid, held } of broken) {
      const who = [...(touches?.get(pid)?.values() ?? [])]
      for (const p of principal ? [principal, ...alsoTell] : alsoTell)
        if (!who.some((w) => w.userId === p.userId)) who.push(p)
      for (const p of who) {
        const entry = told.get(p.userId) ?? { principal: p, pids: [] }
        entry.pids.push({ pid, held })
        told.set(p.userId, entry)
      }
    }
    for (const { principal: p, pids } of told.values()) {
      await this.repairs.notify(
        d,
        p,
        pids.map(({ pid, held }) => ({
          code: 'agreedRestored' as const,
          paragraphId: pid,
          proposalId: '',
          delegation: p?.delegation ?? '',
          text: held,
        })),
      )
    }
    return broken.length
  }
}
