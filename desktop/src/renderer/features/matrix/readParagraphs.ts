import type { ParagraphKind } from '@accord/editor'
import * as Y from 'yjs'

/** A paragraph of the draft as the matrix and dashboard need it: no text, only who it is. */
export interface DraftParagraph {
  readonly pid: string
  readonly kind: ParagraphKind
  readonly label: string
  /** Place in the draft, from 0. */
  readonly order: number
}

/** The kinds that carry positions (titles, chapeaux and headings are not negotiated). */
const NEGOTIATED = new Set<string>(['preambular', 'operative', 'annex'])

/**
 * The negotiated paragraphs of a draft document, in order, read from the attributes of the
 * `default` fragment's elements (docs/api.md, "The draft"); the text itself is never read.
 */
export function readParagraphs(draft: Y.Doc): DraftParagraph[] {
  const list: DraftParagraph[] = []
  let order = 0
  for (const node of draft.getXmlFragment('default').toArray()) {
    if (!(node instanceof Y.XmlElement)) continue
    const pid = node.getAttribute('pid')
    const kind = node.getAttribute('kind')
    if (typeof pid !== 'string' || !pid || typeof kind !== 'string' || !NEGOTIATED.has(kind)) {
      continue
    }
    const label = node.getAttribute('label')
    list.push({
      pid,
      kind: kind as ParagraphKind,
      label: typeof label === 'string' && label ? label : pid,
      order: order++,
    })
  }
  return list
}

/** Whether two readings list the same paragraphs, labels and order. */
export function sameParagraphs(
  a: readonly DraftParagraph[],
  b: readonly DraftParagraph[],
): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => p.pid === b[i]!.pid && p.label === b[i]!.label && p.kind === b[i]!.kind)
  )
}
