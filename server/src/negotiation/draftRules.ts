import { readDeclaration } from '@accord/editor'
import { parseDocumentName } from '@accord/protocol'
import type { Logger } from 'pino'
import type * as Y from 'yjs'
import type { AuditLog } from '../audit/AuditLog.js'
import type { Conferences } from '../directory/Conferences.js'
import type { DocumentRules, Principal } from '../sync/RelaySocket.js'
import type { Negotiation } from './Negotiation.js'

/** A proposal as the attribution check compares it: whose, and a fingerprint of all of it. */
interface ProposalPrint {
  readonly delegation: string
  readonly print: string
}

/**
 * Other delegations' proposals in a draft (all of them for the secretariat), by proposal id. Not
 * keyed by paragraph: splitting or joining paragraphs moves a bracket without changing it.
 */
function othersProposals(doc: Y.Doc, own: string | null): Map<string, ProposalPrint> {
  const found = new Map<string, ProposalPrint>()
  for (const paragraph of readDeclaration(doc)) {
    for (const proposal of paragraph.proposals) {
      if (proposal.delegation === own) continue
      const key = proposal.id
      // Who, what kind, which alternative, and the exact words.
      const head = JSON.stringify([proposal.delegation, proposal.action, proposal.alternative])
      const print = `${found.get(key)?.print ?? head}${proposal.text}`
      found.set(key, { delegation: proposal.delegation, print })
    }
  }
  return found
}

/** The delegation a delegate writes for; null for the secretariat. */
function delegationOf(principal: Principal | null): string | null {
  return principal?.delegation ?? null
}

/**
 * The negotiation's rules on draft text, applied by the relay:
 * - proposals are attributed by the server, judged on what an update does rather than on its
 *   bytes (Yjs re-states a neighbouring run's formatting to close it, so an update can carry
 *   another delegation's mark without giving it any text): a delegate may not create, extend,
 *   strip or delete another delegation's proposal; the secretariat makes none (it may remove
 *   them, as it holds the pen, but decides on them through commands);
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
    observe(documentName, principal, doc) {
      if (parseDocumentName(documentName)?.kind !== 'draft') return undefined
      return othersProposals(doc, delegationOf(principal))
    },
    vet(documentName, principal, before, doc) {
      if (!(before instanceof Map)) return null
      const was = before as Map<string, ProposalPrint>
      const own = delegationOf(principal)
      const after = othersProposals(doc, own)
      const keys = own === null ? [...after.keys()] : [...new Set([...was.keys(), ...after.keys()])]
      const changed = keys.filter((key) => was.get(key)?.print !== after.get(key)?.print)
      if (changed.length === 0) return null
      const claimed = [
        ...new Set(changed.map((key) => (after.get(key) ?? was.get(key))!.delegation)),
      ].sort()
      const ref = parseDocumentName(documentName)
      deps.audit
        .record({
          actorUserId: principal?.userId ?? null,
          action: 'proposal.forgedAttribution',
          outcome: 'denied',
          conferenceId: ref?.conferenceId ?? null,
          target: documentName,
          detail: { claimed, delegation: own, proposals: changed },
        })
        .catch((error: unknown) => deps.log.error({ err: error }, 'audit failed'))
      return own === null
        ? 'the secretariat makes no proposals; it decides on them'
        : `proposals are made and changed only by their own delegation (yours: ${own})`
    },
    stored(documentName, principal) {
      const ref = parseDocumentName(documentName)
      if (ref?.kind !== 'draft') return
      const negotiation = deps.negotiation()
      deps.conferences
        .declaration(ref.conferenceId, ref.declarationId)
        .then(async (declaration) => {
          if (!declaration) return
          await negotiation.afterDraftUpdate(declaration, principal?.userId ?? null)
        })
        .catch((error: unknown) =>
          deps.log.error({ err: error, doc: documentName }, 'draft rules failed'),
        )
    },
  }
}
