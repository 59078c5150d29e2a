import { isParagraphKind, type ParagraphKind } from './paragraphKinds.js'

/** A paragraph's identity: its id with the kind and label it was created with. */
export interface ParagraphIdentityValue {
  pid: string
  kind: ParagraphKind
  label: string
}

/**
 * The `identity` attribute: pid, kind and label in one string.
 *
 * Why: Yjs stores each attribute of a block separately and y-prosemirror reuses a Y element in
 * place for whatever block now sits there, writing only the attributes that changed. Two clients
 * that concurrently restructure the same spot can therefore leave one element with the pid of
 * one client and the kind and label of the other. The seal is rewritten with every identity
 * change, so whichever write of it wins in Yjs is one client's whole, consistent identity, and
 * every client restores the same one from it.
 *
 * Whoever creates paragraphs outside the editor (the server's seed) should seal them too: the
 * editor seals only blocks it changes, so that opening a document never writes to it.
 */
export function sealIdentity({ pid, kind, label }: ParagraphIdentityValue): string {
  return JSON.stringify([pid, kind, label])
}

/** Reads an `identity` attribute; null when it is missing or malformed. */
export function unsealIdentity(seal: unknown): ParagraphIdentityValue | null {
  if (typeof seal !== 'string') return null
  try {
    const value: unknown = JSON.parse(seal)
    if (!Array.isArray(value) || value.length !== 3) return null
    const [pid, kind, label] = value
    if (typeof pid !== 'string' || pid === '' || !isParagraphKind(kind)) return null
    if (typeof label !== 'string') return null
    return { pid, kind, label }
  } catch {
    return null
  }
}
