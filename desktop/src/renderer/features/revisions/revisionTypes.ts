// The shapes of the revision API's answers (server/src/routes/revisions/schema.ts).

/** A paragraph as a revision froze it. */
export interface RevisionParagraph {
  readonly id: string
  readonly kind: string
  readonly label: string
  readonly text: string
  readonly bracketed: string
  readonly status: string
  readonly pendingDelegation: string | null
}

/** A revision: Zero draft, Rev.1, … */
export interface Revision {
  readonly id: string
  readonly number: number
  readonly name: string
  readonly createdAt: number
  /** The name of who issued it. */
  readonly createdBy: string
  readonly historyHead: string | null
  readonly historyLength: number
  readonly paragraphs: readonly RevisionParagraph[]
}

/** One word-level piece of a paragraph's change. */
export interface WordChange {
  readonly value: string
  readonly added: boolean
  readonly removed: boolean
}

/** How one paragraph differs between the two versions compared. */
export interface ParagraphComparison {
  readonly id: string
  readonly change: 'added' | 'deleted' | 'changed' | 'unchanged'
  readonly moved: boolean
  readonly kind: string
  readonly fromLabel: string | null
  readonly toLabel: string | null
  readonly fromStatus: string | null
  readonly toStatus: string | null
  readonly words: readonly WordChange[]
}

/** The server's comparison of two revisions (or of one with the current text). */
export interface Comparison {
  readonly from: { readonly id: string; readonly name: string }
  readonly to: { readonly id: string; readonly name: string }
  readonly paragraphs: readonly ParagraphComparison[]
}

/** The name the server gives the next revision when none is given (Revisions.revisionName). */
export function nextRevisionName(count: number): { key: 'zero' | 'rev'; n: number } {
  return count === 0 ? { key: 'zero', n: 0 } : { key: 'rev', n: count }
}
