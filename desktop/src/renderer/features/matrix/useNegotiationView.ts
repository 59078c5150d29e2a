import { useEffect, useLayoutEffect, useState } from 'react'
import { api } from '../../api/apiClient'
import type { Declaration, Delegation, Me, Membership } from '../../api/types'
import { ExternalStore } from '../../app/ExternalStore'
import { useQuery } from '../../app/useQuery'
import { useStore } from '../../app/useStore'
import { connections } from '../../connection/connections'
import type { DeclarationConnection } from '../../connection/DeclarationConnection'
import { EMPTY_MIRROR, type MirrorSnapshot } from '../../connection/MirrorSnapshot'
import { type DraftParagraph, readParagraphs, sameParagraphs } from './readParagraphs'

/** What the matrix and the dashboard read: the delegations, the paragraphs, the mirror. */
export interface NegotiationView {
  readonly membership: Membership | undefined
  readonly declaration: Declaration | null
  readonly delegations: readonly Delegation[] | undefined
  readonly paragraphs: readonly DraftParagraph[]
  readonly mirror: MirrorSnapshot
  readonly connection: DeclarationConnection | null
  readonly error: unknown
}

const NO_PARAGRAPHS: readonly DraftParagraph[] = []
const NO_MIRROR = new ExternalStore<MirrorSnapshot>(EMPTY_MIRROR)

/**
 * Borrows the declaration's connection from the one manager (the editor screen borrows the same
 * one), follows the shared mirror, and keeps only the paragraphs' ids, kinds and labels from the
 * draft: the list changes identity only when those do, not on every keystroke.
 */
export function useNegotiationView(
  me: Me,
  conferenceId: string,
  declarationId: string,
): NegotiationView {
  const membership = me.memberships.find((m) => m.conferenceId === conferenceId)
  const delegationId = membership?.delegationId ?? null
  const meta = useQuery(`${conferenceId}/${declarationId}/views`, async () => {
    const [declarations, delegations] = await Promise.all([
      api<Declaration[]>('GET', `/conferences/${conferenceId}/declarations`),
      api<Delegation[]>('GET', `/conferences/${conferenceId}/delegations`),
    ])
    return { declaration: declarations.find((d) => d.id === declarationId) ?? null, delegations }
  })
  const [connection, setConnection] = useState<DeclarationConnection | null>(null)
  useLayoutEffect(() => {
    if (!membership) return
    const borrowed = connections.acquire({ conferenceId, declarationId, delegationId })
    setConnection(borrowed)
    return () => connections.release(borrowed)
  }, [conferenceId, declarationId, delegationId, membership])
  const mirror = useStore(connection?.mirror ?? NO_MIRROR)

  const [paragraphs, setParagraphs] = useState<readonly DraftParagraph[]>(NO_PARAGRAPHS)
  useEffect(() => {
    if (!connection) return
    const doc = connection.draft.doc
    let queued = false
    const read = () => {
      queued = false
      const next = readParagraphs(doc)
      setParagraphs((previous) => (sameParagraphs(previous, next) ? previous : next))
    }
    // A burst of updates (the first sync, fast typing) is read once.
    const onUpdate = () => {
      if (queued) return
      queued = true
      queueMicrotask(read)
    }
    read()
    doc.on('update', onUpdate)
    return () => doc.off('update', onUpdate)
  }, [connection])

  return {
    membership,
    declaration: meta.data?.declaration ?? null,
    delegations: meta.data?.delegations,
    paragraphs,
    mirror,
    connection,
    error: meta.data ? null : meta.error,
  }
}
