import { identityOf } from '@accord/editor'
import { parseDocumentName } from '@accord/protocol'
import type { Logger } from 'pino'
import type * as Y from 'yjs'
import type { AuditLog } from '../audit/AuditLog.js'
import { newId } from '../auth/secrets.js'
import type { Conferences } from '../directory/Conferences.js'
import type { DocumentRules, Principal } from '../sync/RelaySocket.js'
import type { ClientBindings } from './ClientBindings.js'
import { DraftChangeWatcher } from './draftChanges.js'
import { judgeDraftChange, type RepairOp, type RepairReason } from './judgeDraftChange.js'
import type { Negotiation } from './Negotiation.js'
import type { ProposalOwners } from './ProposalOwners.js'
import { type IndexedProposal, proposalIndex } from './proposalIndex.js'

/** What `observe` hands to `vet`: the proposals before the update, and the watcher. */
interface Before {
  readonly proposals: Map<string, IndexedProposal>
  readonly watcher: DraftChangeWatcher
}

/** A repair decided by `vet`, carried out by the server once the update is stored. */
export interface DraftRepair {
  readonly ops: RepairOp[]
  readonly reasons: RepairReason[]
}

/** The delegation a delegate writes for; null for the secretariat. */
function delegationOf(principal: Principal | null): string | null {
  return principal?.delegation ?? null
}

/**
 * The negotiation's rules on draft text, applied by the relay and judged on what an update does
 * (see `judgeDraftChange`):
 * - forgery (another delegation's name on words it did not have, another's proposal id, a
 *   formatting key no editor writes, nesting past what is read) is refused: the update is
 *   rolled back and the connection closed with AttributionRefused (4422), audited;
 * - what an honest client can trip over is accepted, then repaired by a server change once it
 *   is stored: other delegations' brackets are put back, a delegate's plain edit to clean text
 *   becomes its delegation's proposal; the sender gets a notice and the repair is audited;
 * - after every stored update, agreed paragraphs are checked and restored if changed, and the
 *   mirrors are refreshed (new brackets change the consensus state).
 */
export function draftRules(deps: {
  negotiation: () => Negotiation
  conferences: Conferences
  audit: AuditLog
  log: Logger
  /** Who first wrote under each client id; without it, client ids are not checked. */
  bindings?: ClientBindings
  /** Who first made each proposal id; without it, only ids in the draft are owned. */
  owners?: ProposalOwners
}): DocumentRules {
  // vet and stored run in the document's queue, but the relay batches: it vets every update of
  // a batch (each in its own transaction, in arrival order), then calls stored once per
  // principal. So what vet leaves for stored is kept per document and principal, and the
  // updates of one principal in a batch add up. Only accepted updates leave anything.
  const repairs = new Map<string, DraftRepair>()
  // The paragraphs each principal's updates touched, from vet to stored: whom a lock restore
  // concerns; null when not known (check every lock).
  const touched = new Map<string, ReadonlySet<string> | null>()
  const keyOf = (documentName: string, principal: Principal | null) =>
    `${documentName}\n${principal?.userId ?? ''}`
  const audit = (entry: Parameters<AuditLog['record']>[0]) =>
    deps.audit
      .record(entry)
      .catch((error: unknown) => deps.log.error({ err: error }, 'audit failed'))
  return {
    observe(documentName, _principal, doc): Before | undefined {
      if (parseDocumentName(documentName)?.kind !== 'draft') return undefined
      const watcher = DraftChangeWatcher.of(doc)
      const proposals = proposalIndex(doc)
      watcher.arm()
      return { proposals, watcher }
    },
    vet(documentName, principal, before, doc) {
      if (!before || typeof before !== 'object' || !('watcher' in before)) return null
      const { proposals, watcher } = before as Before
      const own = delegationOf(principal)
      const ref = parseDocumentName(documentName)
      let verdict: ReturnType<typeof judgeDraftChange>
      let clients: number[] = []
      let after: Map<string, IndexedProposal> = new Map()
      let touchedNow: ReadonlySet<string> | null = null
      try {
        const change = watcher.take()
        if (!change) return null
        clients = change.clients
        const taken =
          principal && deps.bindings?.conflict(documentName, change.clients, principal.userId)
        if (taken !== undefined && taken !== null) {
          void audit({
            actorUserId: principal?.userId ?? null,
            action: 'proposal.forgedAttribution',
            outcome: 'denied',
            conferenceId: ref?.conferenceId ?? null,
            target: documentName,
            detail: { delegation: own, reason: 'client id of another user', clientId: taken },
          })
          return 'the update writes under a client id another user introduced'
        }
        touchedNow = change.touchedParagraphs
        const index = proposalIndex(doc)
        verdict = judgeDraftChange({
          own,
          before: proposals,
          after: index,
          change,
          newProposalId: () => `${(own ?? 'sec').toLowerCase()}-${newId().slice(0, 10)}`,
          paragraphOf: (block: Y.XmlElement | null) => (block ? identityOf(block).id : ''),
          formerOwner: (id) => deps.owners?.ownerOf(documentName, id),
        })
        after = index
      } catch (error) {
        deps.log.warn({ err: error, doc: documentName }, 'an update to a draft could not be judged')
        return 'the update could not be read as a draft'
      }
      if (verdict.kind === 'forged') {
        void audit({
          actorUserId: principal?.userId ?? null,
          action: 'proposal.forgedAttribution',
          outcome: 'denied',
          conferenceId: ref?.conferenceId ?? null,
          target: documentName,
          detail: { delegation: own, reason: verdict.reason, ...verdict.detail },
        })
        return verdict.reason
      }
      if (principal) deps.bindings?.bind(documentName, clients, principal.userId)
      // New ids become their delegation's for good (an id two claim is nobody's).
      deps.owners?.claim(
        documentName,
        [...after]
          .filter(([, p]) => p.delegations.size === 1)
          .map(([id, p]) => [id, p.delegation] as [string, string]),
      )
      const key = keyOf(documentName, principal)
      const earlier = touched.get(key)
      touched.set(
        key,
        touchedNow === null || earlier === null
          ? null
          : new Set([...(earlier ?? []), ...touchedNow]),
      )
      if (verdict.kind === 'repair') {
        const previous = repairs.get(key)
        repairs.set(key, {
          ops: [...(previous?.ops ?? []), ...verdict.ops],
          reasons: [...(previous?.reasons ?? []), ...verdict.reasons],
        })
      }
      return null
    },
    stored(documentName, principal) {
      const ref = parseDocumentName(documentName)
      if (ref?.kind !== 'draft') return
      const key = keyOf(documentName, principal)
      const repair = repairs.get(key) ?? null
      repairs.delete(key)
      const negotiation = deps.negotiation()
      // Which paragraphs the updates touched; null (check every lock) when that is not known.
      const paragraphs = touched.has(key) ? (touched.get(key) ?? null) : null
      touched.delete(key)
      // Noted at once, before any lock check reads the state this update is part of.
      negotiation.noteTouches(documentName, paragraphs ?? new Set(), principal)
      deps.conferences
        .declaration(ref.conferenceId, ref.declarationId)
        .then(async (declaration) => {
          if (!declaration) return
          await negotiation.afterDraftUpdate(declaration, principal, repair, paragraphs)
        })
        .catch((error: unknown) =>
          deps.log.error({ err: error, doc: documentName }, 'draft rules failed'),
        )
    },
  }
}
