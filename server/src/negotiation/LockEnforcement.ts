import type { Declaration } from '../directory/Conferences.js'
import { draftName } from './documentNames.js'
import { holdsLock, restoreParagraph } from './draftText.js'
import type { NegotiationContext } from './NegotiationContext.js'
import type { Statuses } from './Statuses.js'

/** Keeps agreed paragraphs as agreed in the draft, whatever a client sends. */
export class LockEnforcement {
  constructor(
    readonly ctx: NegotiationContext,
    readonly statuses: Statuses,
  ) {}

  /**
   * Puts back any agreed paragraph that a client changed anyway (bypassing the editor's lock),
   * for everyone, and audits the attempt. Called after each stored update to the draft.
   */
  async enforceLocks(d: Declaration, actorUserId: string | null): Promise<number> {
    const locks = await this.statuses.locks(d)
    if (locks.length === 0) return 0
    const broken = await this.ctx.relay.read(draftName(d), (doc) =>
      locks.filter(({ pid, lock }) => !holdsLock(doc, pid, lock)),
    )
    if (broken.length === 0) return 0
    await this.ctx.relay.mutate(draftName(d), (doc) => {
      doc.transact(() => {
        for (const { pid, lock } of broken) restoreParagraph(doc, pid, lock)
      })
    })
    for (const { pid } of broken) {
      await this.ctx.audit.record({
        actorUserId,
        action: 'paragraph.lockRestored',
        outcome: 'denied',
        conferenceId: d.conferenceId,
        target: pid,
        detail: { declarationId: d.id },
      })
    }
    return broken.length
  }
}
