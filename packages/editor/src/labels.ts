import type { ParagraphKind } from './paragraphKinds.js'

/**
 * Working labels: PP1, PP3bis, OP7ter…
 *
 * A label is given once, when the paragraph is created, and never changes during negotiation:
 * delegations cite "OP7bis" in comments, positions and capitals' instructions, so renumbering
 * would break every reference. Final numbers are assigned only in the adopted text.
 */

/** The prefix of each labelled kind. Other kinds (title, chapeau, heading, annex) carry ''. */
export const LABEL_PREFIXES = { preambular: 'PP', operative: 'OP' } as const

/** 'PP' or 'OP'. */
export type LabelPrefix = (typeof LABEL_PREFIXES)[keyof typeof LABEL_PREFIXES]

/**
 * Latin suffixes for paragraphs inserted after a numbered one: index 1 is the 2nd paragraph of
 * that number (bis), index 9 the 10th (decies). From the 11th on the label reads `PP3 (11)`.
 */
export const LABEL_SUFFIXES = [
  '',
  'bis',
  'ter',
  'quater',
  'quinquies',
  'sexies',
  'septies',
  'octies',
  'novies',
  'decies',
] as const

/** A label taken apart: `OP7ter` is `{ prefix: 'OP', number: 7, rank: 2 }`. */
export interface ParsedLabel {
  prefix: LabelPrefix
  number: number
  /** 0 for the plain number, 1 for bis, 2 for ter… 10 for "(11)". */
  rank: number
}

const LABEL_PATTERN = new RegExp(
  `^(PP|OP)(0|[1-9][0-9]*)(?:(${LABEL_SUFFIXES.slice(1).join('|')})| \\(([1-9][0-9]+)\\))?$`,
)

/** The label prefix of a kind, or null when that kind carries no label. */
export function labelPrefix(kind: ParagraphKind): LabelPrefix | null {
  return kind === 'preambular' || kind === 'operative' ? LABEL_PREFIXES[kind] : null
}

/** Parses a working label, or returns null when it is not one (including ''). */
export function parseLabel(label: string): ParsedLabel | null {
  const match = LABEL_PATTERN.exec(label)
  if (!match) return null
  const [, prefix, number, suffix, counter] = match
  let rank = 0
  if (suffix) rank = (LABEL_SUFFIXES as readonly string[]).indexOf(suffix)
  else if (counter) {
    // "(11)" is the 11th paragraph of a number; smaller counters have a Latin name instead, so
    // "(2)" is not a canonical label and is refused rather than silently equal to "bis".
    rank = Number(counter) - 1
    if (rank < LABEL_SUFFIXES.length) return null
  }
  return { prefix: prefix as LabelPrefix, number: Number(number), rank }
}

/** Formats a parsed label: `{ OP, 7, 2 }` is `OP7ter`, `{ OP, 7, 10 }` is `OP7 (11)`. */
export function formatLabel({ prefix, number, rank }: ParsedLabel): string {
  const suffix = LABEL_SUFFIXES[rank] ?? ` (${rank + 1})`
  return `${prefix}${number}${suffix}`
}

/** Whether `label` is a well-formed label for a block of `kind` ('' for unlabelled kinds). */
export function isLabelOfKind(label: string, kind: ParagraphKind): boolean {
  const prefix = labelPrefix(kind)
  if (prefix === null) return label === ''
  return parseLabel(label)?.prefix === prefix
}

/**
 * The label of a new paragraph inserted at `index` among the ordered labels of its kind.
 *
 * `existing` are the labels of the other paragraphs of that prefix in document order (entries
 * that are not labels of `prefix`, such as '', are skipped); `index` is how many of them come
 * before the new paragraph. The rules:
 * - the first paragraph of its kind is PP1;
 * - appended after the last one, it takes the next free number (after PP4 → PP5);
 * - inserted after PP3 and before another, it takes the first unused rank after PP3's
 *   (PP3bis, then PP3ter… decies, then PP3 (11));
 * - inserted before the first one, it counts from a virtual PP0: PP0bis, then PP0ter.
 * A label already in `existing` is never returned.
 */
export function nextLabel(prefix: LabelPrefix, existing: readonly string[], index: number): string {
  const parsed = existing.map(parseLabel)
  const own = parsed.map((label) => (label?.prefix === prefix ? label : null))
  const valid = own.filter((label): label is ParsedLabel => label !== null)
  if (valid.length === 0) return formatLabel({ prefix, number: 1, rank: 0 })

  const before = own.slice(0, Math.max(0, index)).filter((label) => label !== null)
  const after = own.slice(Math.max(0, index)).filter((label) => label !== null)
  const previous = before.at(-1)
  if (previous && after.length === 0) {
    const highest = Math.max(...valid.map((label) => label.number))
    return formatLabel({ prefix, number: highest + 1, rank: 0 })
  }

  // Between two paragraphs (or before the first): derive from the previous one's number. Its
  // next rank may already be taken (inserting between PP3 and PP3bis), so take the first free.
  const base = previous ?? { prefix, number: 0, rank: 0 }
  const taken = new Set(
    valid.filter((label) => label.number === base.number).map((label) => label.rank),
  )
  let rank = base.rank + 1
  while (taken.has(rank)) rank += 1
  return formatLabel({ prefix, number: base.number, rank })
}
