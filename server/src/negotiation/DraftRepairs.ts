import { documentName } from '@accord/protocol'
import { newId } from '../auth/secrets.js'
import type { Declaration } from '../directory/Conferences.js'
import type { Principal } from '../sync/RelaySocket.js'
import { draftName } from './documentNames.js'
import { applyRepair, noticeMessages } from './draftRepair.js'
import type { DraftRepair } from './draftRules.js'
import type { RepairReason } from './judgeDraftChange.js'
import type { NegotiationContext } from './NegotiationContext.js'

/** How many notices a delegation's mirror (or the secretariat's workspace) keeps. */
export const MAX_NOTICES = 100

/** Carries out the repairs the draft rules decide, and tells their senders why. */
export class DraftRepairs {
  constructor(readonly ctx: NegotiationContext) {}

  /**
   * Carries out a repair the draft rules decided on an accepted update (see `judgeDraftChange`),
   * for everyone, audits it, and tells the sender why in a notice they can read: their
   * delegation's mirror for a delegate, the secretariat's workspace for the secretariat.
   */
  async repairDraft(
    d: Declaration,
    principal: Principal | null,
    repair: DraftRepair,
  ): Promise<void> {
    await this.ctx.relay.mutate(draftName(d), (doc) => {
      applyRepair(doc, repair.ops)
    })
    await this.notify(d, principal, repair.reasons)
    await this.ctx.audit.record({
      actorUserId: principal?.userId ?? null,
      action: 'draft.repaired',
      outcome: 'denied',
      conferenceId: d.conferenceId,
      target: draftName(d),
      detail: {
        declarationId: d.id,
        delegation: principal?.delegation ?? null,
        reasons: repair.reasons,
      },
    })
  }

  /**
   * Tells the sender of a repaired update why, in a notice they can read offline too: their
   * delegation's mirror for a delegate, the secretariat's workspace for the secretariat.
   */
  async notify(d: Declaration, principal: Principal | null, reasons: readonly RepairReason[]) {
    if (reasons.length === 0) return
    const labels = new Map((await this.ctx.paragraphs(d)).map((p) => [p.id, p.label || p.id]))
    const messages = noticeMessages(reasons, (pid) => labels.get(pid) || 'A paragraph')
    const id = newId()
    const notice = {
      id,
      at: Date.now(),
      declarationId: d.id,
      userId: principal?.userId ?? null,
      reasons,
      messages,
    }
    const delegation = principal?.delegation
      ? (await this.ctx.conferences.delegations(d.conferenceId)).find(
          (x) => x.code === principal.delegation,
        )
      : undefined
    const name = delegation
      ? documentName({
          kind: 'delegation',
          conferenceId: d.conferenceId,
          declarationId: d.id,
          delegationId: delegation.id,
        })
      : documentName({ kind: 'secretariat', conferenceId: d.conferenceId })
    await this.ctx.relay.mutate(name, (doc) => {
      const notices = doc.getMap<{ at: number }>('notices')
      notices.set(id, notice)
      // The newest notices are kept; the audit log keeps every repair.
      if (notices.size > MAX_NOTICES) {
        const oldest = [...notices.entries()]
          .sort(([, a], [, b]) => a.at - b.at)
          .slice(0, notices.size - MAX_NOTICES)
        for (const [key] of oldest) notices.delete(key)
      }
    })
  }
}
