import { parseDocumentName } from '@accord/protocol'
import type { Logger } from 'pino'
import type { AuditLog } from '../audit/AuditLog.js'
import type { Conferences } from '../directory/Conferences.js'
import type { DocumentRules } from '../sync/RelaySocket.js'
import type { Negotiation } from './Negotiation.js'

/**
 * The negotiation's rules on draft text, applied by the relay:
 * - a proposal mark must name the writer's own delegation (the secretariat, which has none,
 *   writes clean text and decides proposals through commands, never by marking them);
 * - after every stored update, agreed paragraphs are checked and restored if changed, and the
 *   mirrors are refreshed (new brackets change the consensus state).
 */
export function draftRules(deps: {
  negotiation: () => Negotiation
  conferences: Conferences
  audit: AuditLog
  log: Logger
}): DocumentRules {
  return {
    refuse(documentName, principal, { proposals }) {
      if (proposals.length === 0) return null
      const ref = parseDocumentName(documentName)
      if (ref?.kind !== 'draft') return null
      const own = principal?.delegation ?? null
      const foreign = proposals.filter((delegation) => delegation !== own)
      if (foreign.length === 0) return null
      deps.audit
        .record({
          actorUserId: principal?.userId ?? null,
          action: 'proposal.forgedAttribution',
          outcome: 'denied',
          conferenceId: ref.conferenceId,
          target: documentName,
          detail: { claimed: foreign, delegation: own },
        })
        .catch((error: unknown) => deps.log.error({ err: error }, 'audit failed'))
      return own
        ? `a proposal may only be made in your own delegation's name (${own})`
        : 'only delegations make proposals'
    },
    stored(documentName, principal) {
      const ref = parseDocumentName(documentName)
      if (ref?.kind !== 'draft') return
      const negotiation = deps.negotiation()
      deps.conferences
        .declaration(ref.conferenceId, ref.declarationId)
        .then(async (declaration) => {
          if (!declaration) return
          await negotiation.enforceLocks(declaration, principal?.userId ?? null)
          negotiation.scheduleRefresh(declaration)
        })
        .catch((error: unknown) =>
          deps.log.error({ err: error, doc: documentName }, 'draft rules failed'),
        )
    },
  }
}
