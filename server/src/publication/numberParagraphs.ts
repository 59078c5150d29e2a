/** A paragraph of a final text. */
export interface FinalParagraph {
  readonly id: string
  readonly kind: string
  /** The working label used during the negotiation (PP3, OP7bis), kept beside the final number. */
  readonly workingLabel: string
  /** The final number; null for the title, chapeau, headings and annexes. */
  readonly number: number | null
  readonly text: string
}

const NUMBERED = new Set(['preambular', 'operative'])

/**
 * Assigns the final numbers: preambular and operative paragraphs are numbered 1, 2, 3, … in
 * reading order (every paragraph is numbered, as in G20 statements), so OP7bis becomes a plain
 * number. Nothing was renumbered before this moment.
 */
export function numberParagraphs(
  paragraphs: readonly { id: string; kind: string; label: string; text: string }[],
): FinalParagraph[] {
  let next = 1
  return paragraphs.map((p) => ({
    id: p.id,
    kind: p.kind,
    workingLabel: p.label,
    number: NUMBERED.has(p.kind) ? next++ : null,
    text: p.text,
  }))
}
