/**
 * The kinds of top-level block a declaration is made of. A block's kind decides how it renders
 * and whether it carries a working label (only preambular and operative paragraphs do).
 */
export const PARAGRAPH_KINDS = [
  'title',
  'chapeau',
  'heading',
  'preambular',
  'operative',
  'annex',
] as const

/** One of {@link PARAGRAPH_KINDS}. */
export type ParagraphKind = (typeof PARAGRAPH_KINDS)[number]

/** The kind a block gets when nothing says otherwise (a pasted plain `<p>`, an empty document). */
export const DEFAULT_PARAGRAPH_KIND: ParagraphKind = 'operative'

/** Whether `value` is one of {@link PARAGRAPH_KINDS}. */
export function isParagraphKind(value: unknown): value is ParagraphKind {
  return typeof value === 'string' && (PARAGRAPH_KINDS as readonly string[]).includes(value)
}
