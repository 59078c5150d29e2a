import type { JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { declarationSchema, paragraphText, readDeclaration, sealIdentity } from '../src/index.js'
import { block, proposal, sampleDeclaration, text } from './sampleDeclaration.js'

// The reader runs in plain Node, on Y.Docs written the way the editor writes them.

function ydocOf(json: JSONContent, field = 'default'): Y.Doc {
  return prosemirrorJSONToYDoc(declarationSchema, json, field)
}

function docOf(...blocks: JSONContent[]): JSONContent {
  return { type: 'doc', content: blocks }
}

test('reads every top-level block with id, kind, label, text and proposals', () => {
  expect(readDeclaration(ydocOf(sampleDeclaration))).toEqual([
    {
      id: 'title00000000000',
      kind: 'title',
      label: '',
      text: 'Ministerial Declaration on the Digital Economy',
      proposals: [],
    },
    {
      id: 'chapeau000000000',
      kind: 'chapeau',
      label: '',
      text: 'We, the Ministers responsible for the digital economy,',
      proposals: [],
    },
    {
      id: 'pp10000000000000',
      kind: 'preambular',
      label: 'PP1',
      text: 'Recalling the 2030 Agenda;',
      proposals: [],
    },
    {
      id: 'pp20000000000000',
      kind: 'preambular',
      label: 'PP2',
      text: 'Recognizing the role of trusted data free flow;',
      proposals: [
        { id: 'p-jpn-1', delegation: 'JPN', action: 'insert', alternative: null, text: 'trusted' },
      ],
    },
    { id: 'heading000000000', kind: 'heading', label: '', text: 'Human-centric AI', proposals: [] },
    {
      id: 'op10000000000000',
      kind: 'operative',
      label: 'OP1',
      text: 'Commit to promoteadvance human-centric AI for all.',
      proposals: [
        { id: 'p-bra-1', delegation: 'BRA', action: 'insert', alternative: 1, text: 'promote' },
        { id: 'p-deu-1', delegation: 'DEU', action: 'insert', alternative: 2, text: 'advance' },
        { id: 'p-usa-1', delegation: 'USA', action: 'delete', alternative: null, text: ' for all' },
      ],
    },
    {
      id: 'op1bis0000000000',
      kind: 'operative',
      label: 'OP1bis',
      text: 'Welcome the toolkit.',
      proposals: [],
    },
    {
      id: 'annex00000000000',
      kind: 'annex',
      label: '',
      text: 'Annex: list of participants',
      proposals: [],
    },
  ])
})

describe('proposal runs', () => {
  const jpn = proposal('p1', 'JPN')

  test('adjacent runs of one proposal are one proposal, across bold and italic', () => {
    const ydoc = ydocOf(
      docOf(
        block(
          'a',
          'operative',
          'OP1',
          text('hu', jpn),
          text('man', jpn, { type: 'bold' }),
          text('-centric', jpn, { type: 'italic' }),
        ),
      ),
    )
    expect(readDeclaration(ydoc)[0]!.proposals).toEqual([
      { id: 'p1', delegation: 'JPN', action: 'insert', alternative: null, text: 'human-centric' },
    ])
  })

  test('runs of one proposal separated by clean text stay apart', () => {
    const ydoc = ydocOf(
      docOf(block('a', 'operative', 'OP1', text('free', jpn), text(' and '), text('fair', jpn))),
    )
    expect(readDeclaration(ydoc)[0]!.proposals.map((p) => p.text)).toEqual(['free', 'fair'])
  })

  test('adjacent proposals of different delegations stay apart', () => {
    const ydoc = ydocOf(
      docOf(block('a', 'operative', 'OP1', text('free', jpn), text('fair', proposal('p2', 'BRA')))),
    )
    expect(readDeclaration(ydoc)[0]!.proposals.map((p) => [p.delegation, p.text])).toEqual([
      ['JPN', 'free'],
      ['BRA', 'fair'],
    ])
  })
})

test('reads another field when asked', () => {
  const ydoc = ydocOf(docOf(block('a', 'chapeau', '', text('We,'))), 'draft')
  expect(readDeclaration(ydoc)).toEqual([])
  expect(readDeclaration(ydoc, 'draft').map((p) => p.text)).toEqual(['We,'])
})

test('paragraphText is the plain text of one block element, proposals included', () => {
  const ydoc = ydocOf(sampleDeclaration)
  const element = ydoc.getXmlFragment('default').get(5) as Y.XmlElement
  expect(paragraphText(element)).toBe('Commit to promoteadvance human-centric AI for all.')
})

describe('untrusted Yjs state', () => {
  function rawDoc(build: (fragment: Y.XmlFragment) => void): Y.Doc {
    const ydoc = new Y.Doc()
    build(ydoc.getXmlFragment('default'))
    return ydoc
  }

  test('missing or malformed attributes are normalised, never thrown on', () => {
    const ydoc = rawDoc((fragment) => {
      const element = new Y.XmlElement('paragraph')
      element.setAttribute('kind', 'manifesto')
      const content = new Y.XmlText()
      element.insert(0, [content])
      fragment.insert(0, [element, new Y.XmlText('stray')])
      content.insert(0, 'text', { proposal: { id: 7, action: 'rewrite', alternative: -1 } })
    })
    expect(readDeclaration(ydoc)).toEqual([
      {
        id: '',
        kind: 'operative',
        label: '',
        text: 'text',
        proposals: [{ id: '', delegation: '', action: 'insert', alternative: null, text: 'text' }],
      },
    ])
  })

  test('a proposal stored under a hashed mark name is still a proposal', () => {
    const ydoc = rawDoc((fragment) => {
      const element = new Y.XmlElement('paragraph')
      const content = new Y.XmlText()
      element.insert(0, [content])
      fragment.insert(0, [element])
      content.insert(0, 'x', {
        'proposal--AbCd12+/': { id: 'p', delegation: 'FRA', action: 'delete' },
      })
    })
    expect(readDeclaration(ydoc)[0]!.proposals).toEqual([
      { id: 'p', delegation: 'FRA', action: 'delete', alternative: null, text: 'x' },
    ])
  })

  test('the sealed identity wins over attributes merged from two clients', () => {
    const ydoc = rawDoc((fragment) => {
      const element = new Y.XmlElement('paragraph')
      element.setAttribute('pid', 'b0002')
      element.setAttribute('kind', 'preambular')
      element.setAttribute('label', 'PP0bis')
      element.setAttribute('identity', sealIdentity({ pid: 'b0002', kind: 'title', label: '' }))
      fragment.insert(0, [element])
    })
    expect(readDeclaration(ydoc)[0]).toMatchObject({ id: 'b0002', kind: 'title', label: '' })
  })
})
