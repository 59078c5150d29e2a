import { useEffect, useLayoutEffect, useState } from 'react'
import type * as Y from 'yjs'
import { api } from '../../api/apiClient'
import type { Declaration, Delegation, Me, Membership } from '../../api/types'
import { useQuery } from '../../app/useQuery'
import type { DeclarationConnection } from '../../connection/DeclarationConnection'
import { useBorrowedConnection } from '../../connection/useBorrowedConnection'

/** How often the declaration (its stage) is read again, as a fallback. */
const STAGE_POLL_MS = 5_000

/** What the outcome screens share: the declaration, the delegations, the live connection. */
export interface OutcomeDeclaration {
  readonly membership: Membership | undefined
  readonly declaration: Declaration | null
  readonly delegations: readonly Delegation[]
  readonly connection: DeclarationConnection | null
  readonly mayOpen: boolean
  readonly loaded: boolean
  readonly error: unknown
  /** Reads the declaration again (after a command changed its stage). */
  reload(): void
}

/**
 * Reads the declaration and borrows its connection (the same one the text screen uses). The
 * server writes each act on the stage (silence started, broken, ended; a publication) into the
 * shared mirror, so the declaration is read again as soon as one arrives: everyone sees a
 * break within the relay's latency instead of the next poll.
 */
export function useOutcomeDeclaration(
  me: Me,
  conferenceId: string,
  declarationId: string,
): OutcomeDeclaration {
  const membership = me.memberships.find((m) => m.conferenceId === conferenceId)
  const observer = membership?.role === 'observer'
  const meta = useQuery(`${conferenceId}/${declarationId}/outcomes/${observer}`, async () => {
    // Observers are listed no drafts: nothing to ask (a refused read is audited).
    if (observer) return { declaration: null, delegations: [] as Delegation[] }
    const [declarations, delegations] = await Promise.all([
      api<Declaration[]>('GET', `/conferences/${conferenceId}/declarations`),
      api<Delegation[]>('GET', `/conferences/${conferenceId}/delegations`),
    ])
    return { declaration: declarations.find((d) => d.id === declarationId) ?? null, delegations }
  })
  const { reload } = meta
  const { connection, mayOpen } = useBorrowedConnection({
    conferenceId,
    declarationId,
    delegationId: membership?.delegationId ?? null,
    role: membership?.role,
    stage: meta.data?.declaration?.stage,
  })
  useStageReload(connection, reload)
  return {
    membership,
    declaration: meta.data?.declaration ?? null,
    delegations: meta.data?.delegations ?? [],
    connection,
    mayOpen,
    loaded: meta.data !== undefined,
    error: meta.data ? null : meta.error,
    reload,
  }
}

const EMPTY = new Map<string, never>()

/**
 * Reads the declaration (its stage) again when it may have moved: at once when the shared mirror
 * says silence started, was broken or ended, or a text was published (the stage changes that
 * come without the reader's own action), whenever the window regains focus, and every 5 s as
 * a fallback for the rest.
 */
export function useStageReload(connection: DeclarationConnection | null, reload: () => void) {
  useEffect(() => {
    const timer = setInterval(reload, STAGE_POLL_MS)
    window.addEventListener('focus', reload)
    return () => {
      clearInterval(timer)
      window.removeEventListener('focus', reload)
    }
  }, [reload])
  const silence = useMirrorMap<unknown>(connection, 'silence')
  const publications = useMirrorMap<unknown>(connection, 'publications')
  useEffect(() => {
    if (silence.size > 0 || publications.size > 0) reload()
  }, [silence, publications, reload])
}

/**
 * A map of the server-written shared mirror (`silence`, `publications`), as a new `Map` after
 * each change to it; the mirror is read-only for clients, so this only reads.
 */
export function useMirrorMap<T>(
  connection: DeclarationConnection | null,
  name: string,
): ReadonlyMap<string, T> {
  const [entries, setEntries] = useState<ReadonlyMap<string, T>>(EMPTY)
  useLayoutEffect(() => {
    if (!connection) return
    const map = connection.shared.doc.getMap(name) as Y.Map<T>
    const read = () => setEntries(new Map(map.entries()))
    read()
    map.observe(read)
    return () => map.unobserve(read)
  }, [connection, name])
  return entries
}
