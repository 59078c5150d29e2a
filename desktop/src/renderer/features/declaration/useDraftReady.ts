import { DECLARATION_FIELD } from '@accord/editor'
import { useEffect, useState } from 'react'
import type { ManagedDocument } from '../../connection/ManagedDocument'

/**
 * Whether the draft may be bound to an editor: once it has synced with the server, or its local
 * copy holds text (offline). Bound earlier, the editor's empty placeholder paragraph gets an id
 * and label, and the binding writes it into the shared draft before the real text arrives: every
 * fresh browser that opened a declaration added an empty paragraph to it (style.md 17: never
 * seed content on the client).
 */
export function useDraftReady(draft: ManagedDocument | null): boolean {
  const [ready, setReady] = useState(() => draft?.provider.synced ?? false)
  useEffect(() => {
    if (!draft || ready) return
    let live = true
    const settle = () => {
      if (live) setReady(true)
    }
    const onSync = (synced: boolean) => {
      if (synced) settle()
    }
    draft.provider.on('sync', onSync)
    if (draft.provider.synced) settle()
    void draft.loadedLocally.then(() => {
      if (draft.doc.getXmlFragment(DECLARATION_FIELD).length > 0) settle()
    })
    return () => {
      live = false
      draft.provider.off('sync', onSync)
    }
  }, [draft, ready])
  return ready
}
