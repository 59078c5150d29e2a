import { yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import fc from 'fast-check'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import {
  blockContent,
  declarationBlocks,
  declarationSchema,
  findParagraph,
  foreignMarkKeys,
  MAX_BLOCK_DEPTH,
  markNameOfKey,
  paragraphText,
  proposalOf,
  readBlock,
  readDeclaration,
  sameBlockContent,
} from '../src/index.js'

// The Yjs state of a draft is written by untrusted clients. Every reader of its structure must
// survive any shape, and read marks exactly as the editor's binding (y-tiptap) does.

function paragraph(pid: string, text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph')
  element.setAttribute('pid', pid)
  element.setAttribute('kind', 'operative')
  element.setAttribute('label', pid.toUpperCase())
  element.insert(0, [new Y.XmlText(text)])
  return element
}

function draft(...elements: Y.XmlElement[]): Y.Doc {
  const doc = new Y.Doc()
  doc.getXmlFragment('default').insert(0, elements)
  return doc
}

describe('nesting without bound', () => {
  test('10,000 nested elements neither overflow the stack nor are read past the depth limit', () => {
    const doc = draft(paragraph('op1', 'Clean text.'))
    const root = new Y.XmlElement('paragraph')
    root.setAttribute('pid', 'deep')
    // One transaction: built element by element outside one, Yjs takes quadratic time.
    doc.transact(() => {
      doc.getXmlFragment('default').insert(1, [root])
      let current = root
      for (let i = 0; i < 10_000; i++) {
        const next = new Y.XmlElement('paragraph')
        current.insert(0, [next, new Y.XmlText(i <= MAX_BLOCK_DEPTH ? 'x' : 'hidden')])
        current = next
      }
    })
    const paragraphs = readDeclaration(doc)
    expect(paragraphs.map((p) => p.id)).toEqual(['op1', 'deep'])
    expect(paragraphs[1]!.text).not.toContain('hidden')
    const deep = findParagraph(doc, 'deep')!.element
    expect(readBlock(deep).tooDeep).toBe(true)
    expect(readBlock(findParagraph(doc, 'op1')!.element).tooDeep).toBe(false)
    expect(paragraphText(deep)).toBe('x'.repeat(MAX_BLOCK_DEPTH + 1))
    // The lock's snapshot of it is bounded too, and never equals a shallower content.
    expect(() => blockContent(deep)).not.toThrow()
  })
})

describe('one definition of a paragraph', () => {
  test('an id belongs to the first block that claims it; a copy is not that paragraph', () => {
    const doc = draft(paragraph('pp2', 'Agreed words.'), paragraph('pp2', 'Changed words.'))
    expect(readDeclaration(doc).map((p) => p.id)).toEqual(['pp2', ''])
    expect(declarationBlocks(doc).map((b) => b.claimed)).toEqual(['pp2', 'pp2'])
    expect(paragraphText(findParagraph(doc, 'pp2')!.element)).toBe('Agreed words.')
  })

  test('the content of a block includes text inside nested elements', () => {
    const a = paragraph('op1', 'Same.')
    const b = paragraph('op1', 'Same.')
    const nested = new Y.XmlElement('paragraph')
    nested.insert(0, [new Y.XmlText('hidden words')])
    b.insert(1, [nested])
    const docA = draft(a)
    const docB = draft(b)
    expect(
      sameBlockContent(
        blockContent(findParagraph(docA, 'op1')!.element),
        blockContent(findParagraph(docB, 'op1')!.element),
      ),
    ).toBe(false)
  })
})

/** Whether y-tiptap, opening a text formatted under `key`, shows it inside a proposal mark. */
function editorSeesProposal(key: string): boolean {
  const doc = new Y.Doc()
  const element = new Y.XmlElement('paragraph')
  const text = new Y.XmlText()
  element.insert(0, [text])
  doc.getXmlFragment('default').insert(0, [element])
  text.insert(0, 'words', {
    [key]: { id: 'p-1', delegation: 'JPN', action: 'insert', alternative: null },
  })
  let sees = false
  yXmlFragmentToProseMirrorRootNode(doc.getXmlFragment('default'), declarationSchema).descendants(
    (node) => {
      if (node.isText && node.marks.some((mark) => mark.type.name === 'proposal')) sees = true
    },
  )
  return sees
}

describe('formatting keys, read as the editor reads them', () => {
  const variants = [
    'proposal',
    'proposal--AAAAAAAA',
    '\nproposal--AAAAAAAA',
    'x\nproposal--AAAAAAAA',
    'proposal--AAAAAAAA\n',
    'proposal--AAAAAAA',
    'proposal--AAAAAAAA--BBBBBBBB',
    'Proposal',
    'bold--AAAAAAAA',
  ]

  test.each(variants)(
    '%j: the server finds a proposal exactly when the editor shows one',
    (key) => {
      const attributes = { [key]: { id: 'p-1', delegation: 'JPN', action: 'insert' } }
      expect(proposalOf(attributes) !== null).toBe(editorSeesProposal(key))
    },
  )

  test('any other spelling than the schema’s own mark names is foreign', () => {
    expect(foreignMarkKeys({ proposal: {}, bold: {}, italic: {} })).toEqual([])
    for (const key of variants.filter((k) => k !== 'proposal'))
      expect(foreignMarkKeys({ [key]: {} })).toEqual([key])
  })

  test('property: for any key, the server and y-tiptap agree on the mark it names', () => {
    const piece = fc.constantFrom('proposal', '--', 'AAAAAAAA', '\n', 'x', '+/=', 'bold', '-')
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (pieces) => {
        const key = pieces.join('')
        if (key === '') return
        expect(proposalOf({ [key]: { id: 'p' } }) !== null).toBe(editorSeesProposal(key))
        expect(markNameOfKey(key) === 'proposal').toBe(editorSeesProposal(key))
      }),
      { numRuns: 300 },
    )
  })
})
