import { isProposalAction, PROPOSAL_MARK, type ProposalAttributes } from './proposalMark.js'

// y-tiptap's own reading of a formatting key (`hashedMarkNameRegex` in @tiptap/y-tiptap): a mark
// that may overlap itself is stored as `name--<8 chars of hash>`, and the binding takes whatever
// precedes the last such suffix, unanchored at the start and with a `.` that stops at newlines.
// The server must read keys exactly like this, or a key such as "\nproposal--AAAAAAAA" is a
// proposal to every editor and invisible to the server.
const HASHED_MARK_KEY = /(.*)(--[a-zA-Z0-9+/=]{8})$/

/** The marks of the declaration schema. None overlaps itself, so each is stored under its name. */
export const DECLARATION_MARKS: readonly string[] = ['bold', 'italic', PROPOSAL_MARK]

/** The mark name an editor reads from a Yjs formatting key (y-tiptap's `yattr2markname`). */
export function markNameOfKey(key: string): string {
  return HASHED_MARK_KEY.exec(key)?.[1] ?? key
}

/**
 * Whether a formatting key is one an honest editor writes: exactly the name of a mark of the
 * schema. Any other key is either unknown to the schema (y-tiptap then deletes the whole text
 * node in every editor that opens it) or a second spelling of a known mark.
 */
export function isCanonicalMarkKey(key: string): boolean {
  return DECLARATION_MARKS.includes(key)
}

/** The formatting keys of a run that an honest editor would not have written. */
export function foreignMarkKeys(attributes: Record<string, unknown> | undefined): string[] {
  if (!attributes) return []
  return Object.keys(attributes).filter(
    (key) => attributes[key] !== null && attributes[key] !== undefined && !isCanonicalMarkKey(key),
  )
}

/**
 * The proposal a run of text carries, read as the editor reads it: under any key that y-tiptap
 * maps to the proposal mark. The Yjs state is untrusted (any client can write any attribute), so
 * attributes are normalised rather than trusted or thrown on.
 */
export function proposalOf(
  attributes: Record<string, unknown> | undefined,
): ProposalAttributes | null {
  if (!attributes) return null
  for (const [key, value] of Object.entries(attributes)) {
    if (value === null || value === undefined) continue
    if (markNameOfKey(key) !== PROPOSAL_MARK) continue
    const attrs = (typeof value === 'object' ? value : {}) as Record<string, unknown>
    const alternative = attrs.alternative
    return {
      id: typeof attrs.id === 'string' ? attrs.id : '',
      delegation: typeof attrs.delegation === 'string' ? attrs.delegation : '',
      action: isProposalAction(attrs.action) ? attrs.action : 'insert',
      alternative:
        typeof alternative === 'number' && Number.isInteger(alternative) && alternative > 0
          ? alternative
          : null,
    }
  }
  return null
}
