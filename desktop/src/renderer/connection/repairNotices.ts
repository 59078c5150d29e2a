import type { WebsocketProvider } from 'y-websocket'
import type * as Y from 'yjs'

/** Why the server repaired part of an update (docs/protocol.md, "The draft's rules"). */
export interface RepairReason {
  readonly code: 'restoredProposal' | 'removedFromBracket' | 'becameProposal' | 'agreedRestored'
  readonly paragraphId: string
  readonly proposalId: string
  readonly delegation: string
  readonly text: string
}

/** A notice the server writes into the sender's delegation mirror, in the Y.Map `notices`. */
export interface RepairNotice {
  readonly id: string
  readonly at: number
  readonly declarationId: string
  readonly userId: string | null
  readonly reasons: readonly RepairReason[]
}

/** Notices older than this when they first arrive are history, not news (a new device syncing). */
const FRESH_MS = 10 * 60 * 1000

function isNotice(value: unknown): value is RepairNotice {
  if (!value || typeof value !== 'object') return false
  const notice = value as Partial<RepairNotice>
  return (
    typeof notice.id === 'string' &&
    typeof notice.at === 'number' &&
    typeof notice.declarationId === 'string' &&
    Array.isArray(notice.reasons)
  )
}

/**
 * Calls `show` for each reason of every repair notice that reaches this client from the server
 * (not from its own local copy) about `declarationId` and addressed to `userId`, once. A notice
 * the client already had locally was shown when it first came; one that arrives long after it
 * was written (a device syncing history) is not news and is skipped.
 */
export function watchRepairNotices(
  doc: Y.Doc,
  provider: WebsocketProvider,
  {
    userId,
    declarationId,
    show,
    now = Date.now,
  }: {
    userId: string
    declarationId: string
    show: (reason: RepairReason) => void
    now?: () => number
  },
): () => void {
  const notices = doc.getMap<unknown>('notices')
  const shown = new Set<string>()
  const observer = (event: Y.YMapEvent<unknown>) => {
    if (event.transaction.origin !== provider) return
    for (const [key, change] of event.changes.keys) {
      if (change.action !== 'add' || shown.has(key)) continue
      const notice = notices.get(key)
      if (!isNotice(notice)) continue
      if (notice.declarationId !== declarationId || notice.userId !== userId) continue
      if (now() - notice.at > FRESH_MS) continue
      shown.add(key)
      for (const reason of notice.reasons) show(reason)
    }
  }
  notices.observe(observer)
  return () => notices.unobserve(observer)
}
