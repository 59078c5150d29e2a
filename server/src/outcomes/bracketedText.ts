import type { DeclarationParagraph } from '@accord/editor'

/**
 * A paragraph's text with its proposals shown in square brackets, each tagged with its
 * delegation: `[JPN: strengthen]`, `[FRA delete: firmly]`, `[Alt 1 B20: …]`.
 *
 * The headless reader gives each proposal's text in reading order but not its offset, so each
 * is found after the previous one. A clean run that repeats a proposal's exact words just before
 * it could be bracketed instead: the words are the same, only the attribution would sit a few
 * characters early. TODO(#10): use offsets once readDeclaration reports them.
 */
export function bracketedText(paragraph: Pick<DeclarationParagraph, 'text' | 'proposals'>): string {
  let out = ''
  let cursor = 0
  for (const proposal of paragraph.proposals) {
    const at = paragraph.text.indexOf(proposal.text, cursor)
    if (at < 0 || proposal.text === '') continue
    const tag = [
      proposal.alternative ? `Alt ${proposal.alternative}` : null,
      proposal.delegation,
      proposal.action === 'delete' ? 'delete' : null,
    ]
      .filter(Boolean)
      .join(' ')
    out += `${paragraph.text.slice(cursor, at)}[${tag}: ${proposal.text}]`
    cursor = at + proposal.text.length
  }
  return out + paragraph.text.slice(cursor)
}
