import { useLayoutEffect, useState } from 'react'
import { api } from '../../api/apiClient'
import type { Declaration, Delegation, Me, Membership } from '../../api/types'
import { ExternalStore } from '../../app/ExternalStore'
import { useQuery } from '../../app/useQuery'
import { useStore } from '../../app/useStore'
import type { DeclarationConnection } from '../../connection/DeclarationConnection'
import { EMPTY_MIRROR, type MirrorSnapshot } from '../../connection/MirrorSnapshot'
import { useBorrowedConnection } from '../../connection/useBorrowedConnection'
import { type DraftParagraph, readParagraphs, sameParagraphs } from './readParagraphs'

/** What the matrix and the dashboard read: the delegations, the paragraphs, the mirror. */
export interface NegotiationView {
  readonly membership: Membership | undefined
  readonly declaration: Declaration | null
  readonly delegations: readonly Delegation[] | undefined
  readonly paragraphs: readonly DraftParagraph[]
  readonly mirror: MirrorSnapshot
  readonly connection: DeclarationConnection | null
  /**
   * Whether the access policy lets this person open the declaration's documents (as the text
   * screen decides it); false until the declaration is read, so nothing refused is ever asked.
   */
  readonly mayOpen: boolean
  /**
   * Whether the draft and the shared mirror are there to be shown: synced with the server once,
   * or read from the local copy while the server cannot be reached. Before that, every cell
   * would say "no position yet", which is not what the record says.
   */
  readonly mirrorReady: boolean
  /** Whether the declaration and delegations have been read (the declaration may be absent). */
  readonly loaded: boolean
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
  const observer = membership?.role === 'observer'
  const meta = useQuery(`${conferenceId}/${declarationId}/views/${observer}`, async () => {
    // Observers are listed no drafts: nothing to ask (a refused read is audited).
    if (observer) return { declaration: null, delegations: [] as Delegation[] }
    const [declarations, delegations] = await Promise.all([
      api<Declaration[]>('GET', `/conferences/${conferenceId}/declarations`),
      api<Delegation[]>('GET', `/conferences/${conferenceId}/delegations`),
    ])
    return { declaration: declarations.find((d) => d.id === declarationId) ?? null, delegations }
  })
  const { connection, mayOpen } = useBorrowedConnection({
    conferenceId,
    declarationId,
    delegationId,
    role: membership?.role,
    stage: meta.data?.declaration?.stage,
  })
  const mirror = useStore(connection?.mirror ?? NO_MIRROR)

  const [mirrorReady, setMirrorReady] = useState(false)
  useLayoutEffect(() => {
    if (!connection) return
    // The draft (for the paragraphs) and the shared mirror (for the positions) both.
    const documents = [connection.draft, connection.shared]
    const local = new Set<unknown>()
    const isReady = (document: (typeof documents)[number]) => {
      const state = document.status.get().state
      return (
        state === 'synced' ||
        // A connection borrowed from the text screen has long been synced.
        document.provider.synced ||
        (local.has(document) && state !== 'connecting' && state !== 'syncing')
      )
    }
    const check = () => {
      if (documents.every(isReady)) setMirrorReady(true)
    }
    check()
    for (const document of documents) {
      void document.loadedLocally.then(() => {
        local.add(document)
        check()
      })
    }
    const unsubscribe = documents.map((document) => document.status.subscribe(check))
    return () => {
      for (const stop of unsubscribe) stop()
    }
  }, [connection])

  const [paragraphs, setParagraphs] = useState<readonly DraftParagraph[]>(NO_PARAGRAPHS)
  useLayoutEffect(() => {
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
    mayOpen,
    mirrorReady,
    loaded: meta.data !== undefined,
    error: meta.data ? null : meta.error,
  }
}
