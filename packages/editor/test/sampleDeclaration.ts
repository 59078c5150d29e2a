import type { JSONContent } from '@tiptap/core'
import { type ParagraphIdentityValue, sealIdentity } from '../src/index.js'

type Kind = 'title' | 'chapeau' | 'heading' | 'preambular' | 'operative' | 'annex'

/** A top-level block of the sample, as ProseMirror JSON. */
export function block(pid: string, kind: Kind, label: string, ...content: JSONContent[]) {
  return { type: 'paragraph', attrs: { pid, kind, label }, content }
}

/** A text node with optional marks. */
export function text(value: string, ...marks: NonNullable<JSONContent['marks']>): JSONContent {
  return marks.length > 0 ? { type: 'text', text: value, marks } : { type: 'text', text: value }
}

/** A proposal mark. */
export function proposal(
  id: string,
  delegation: string,
  action: 'insert' | 'delete' = 'insert',
  alternative: number | null = null,
) {
  return { type: 'proposal', attrs: { id, delegation, action, alternative } }
}

/** A small zero draft with every kind of block, marks and bracketed proposals. */
export const sampleDeclaration: JSONContent = {
  type: 'doc',
  content: [
    block('title00000000000', 'title', '', text('Ministerial Declaration on the Digital Economy')),
    block(
      'chapeau000000000',
      'chapeau',
      '',
      text('We, the Ministers responsible for the digital economy,'),
    ),
    block(
      'pp10000000000000',
      'preambular',
      'PP1',
      text('Recalling', { type: 'italic' }),
      text(' the 2030 Agenda;'),
    ),
    block(
      'pp20000000000000',
      'preambular',
      'PP2',
      text('Recognizing the role of '),
      text('trusted', proposal('p-jpn-1', 'JPN', 'insert')),
      text(' data free flow;'),
    ),
    block('heading000000000', 'heading', '', text('Human-centric AI')),
    block(
      'op10000000000000',
      'operative',
      'OP1',
      text('Commit to '),
      text('promote', proposal('p-bra-1', 'BRA', 'insert', 1)),
      text('advance', proposal('p-deu-1', 'DEU', 'insert', 2)),
      text(' human-centric AI'),
      text(' for all', proposal('p-usa-1', 'USA', 'delete')),
      text('.'),
    ),
    block(
      'op1bis0000000000',
      'operative',
      'OP1bis',
      text('Welcome the ', { type: 'bold' }),
      text('toolkit.'),
    ),
    block('annex00000000000', 'annex', '', text('Annex: list of participants')),
  ],
}

/** `json` with every top-level block sealed, as a server should create a declaration. */
export function sealed(json: JSONContent): JSONContent {
  return {
    ...json,
    content: json.content!.map((node) => ({
      ...node,
      attrs: { ...node.attrs, identity: sealIdentity(node.attrs as ParagraphIdentityValue) },
    })),
  }
}
