import { diffArrays, diffWordsWithSpace } from 'diff'

/** A paragraph as a revision keeps it. */
export interface RevisionParagraph {
  readonly id: string
  readonly kind: string
  readonly label: string
  /** Plain text, proposals included. */
  readonly text: string
  /** The text with its brackets, tagged by delegation (see bracketedText). */
  readonly bracketed: string
  proposals: {
    readonly id: string
    readonly delegation: string
    readonly action: string
    readonly alternative: number | null
    readonly text: string
  }[]
  /** open | ad_ref | pending | agreed */
  readonly status: string
  readonly pendingDelegation: string | null
}

/** One word-level piece of a paragraph's change. */
export interface WordChange {
  readonly value: string
  readonly added: boolean
  readonly removed: boolean
}

/** How one paragraph differs between two versions of the text. */
export interface ParagraphComparison {
  readonly id: string
  /** added: only in the newer; deleted: only in the older; changed: its text or status differs. */
  readonly change: 'added' | 'deleted' | 'changed' | 'unchanged'
  /** Present in both, but its place among the others changed. */
  readonly moved: boolean
  readonly kind: string
  readonly fromLabel: string | null
  readonly toLabel: string | null
  readonly fromStatus: string | null
  readonly toStatus: string | null
  /** The bracketed text, word by word: what was removed, added, or kept. */
  readonly words: WordChange[]
}

function words(from: string, to: string): WordChange[] {
  return diffWordsWithSpace(from, to).map((part) => ({
    value: part.value,
    added: part.added === true,
    removed: part.removed === true,
  }))
}

/**
 * Compares two versions of a text paragraph by paragraph, matched by paragraph id (labels and
 * positions may differ), with word-level changes of the bracketed text. The result follows the
 * newer text's order; a deleted paragraph appears where it was; a paragraph that kept its id but
 * changed places is shown once, at its new place, as moved.
 */
export function compareRevisions(
  from: readonly RevisionParagraph[],
  to: readonly RevisionParagraph[],
): ParagraphComparison[] {
  const before = new Map(from.map((p) => [p.id, p]))
  const after = new Map(to.map((p) => [p.id, p]))
  // The longest common order of the ids that are in both: those out of it moved.
  const common = (list: readonly RevisionParagraph[], other: Map<string, unknown>) =>
    list.filter((p) => other.has(p.id)).map((p) => p.id)
  const stayed = new Set<string>()
  for (const part of diffArrays(common(from, after), common(to, before))) {
    if (!part.added && !part.removed) for (const id of part.value) stayed.add(id)
  }
  const result: ParagraphComparison[] = []
  const describe = (id: string): ParagraphComparison => {
    const a = before.get(id)
    const b = after.get(id)
    const textChanged = (a?.bracketed ?? '') !== (b?.bracketed ?? '')
    return {
      id,
      change: !a
        ? 'added'
        : !b
          ? 'deleted'
          : textChanged || a.status !== b.status || a.label !== b.label
            ? 'changed'
            : 'unchanged',
      moved: Boolean(a && b && !stayed.has(id)),
      kind: (b ?? a)!.kind,
      fromLabel: a?.label ?? null,
      toLabel: b?.label ?? null,
      fromStatus: a?.status ?? null,
      toStatus: b?.status ?? null,
      words: words(a?.bracketed ?? '', b?.bracketed ?? ''),
    }
  }
  // Walk the newer text; before each of its paragraphs, place the deleted ones that preceded it.
  const deletedAfter = new Map<string | null, string[]>()
  let previous: string | null = null
  for (const p of from) {
    if (!after.has(p.id)) {
      const list = deletedAfter.get(previous) ?? []
      list.push(p.id)
      deletedAfter.set(previous, list)
    } else previous = p.id
  }
  for (const id of deletedAfter.get(null) ?? []) result.push(describe(id))
  for (const p of to) {
    result.push(describe(p.id))
    for (const id of deletedAfter.get(p.id) ?? []) result.push(describe(id))
  }
  return result
}
