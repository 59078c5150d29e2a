import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { readParagraphs, sameParagraphs } from './readParagraphs'

function draft(blocks: Array<Record<string, string>>): Y.Doc {
  const doc = new Y.Doc()
  const fragment = doc.getXmlFragment('default')
  fragment.insert(
    0,
    blocks.map((attrs) => {
      const element = new Y.XmlElement('paragraph')
      for (const [k, v] of Object.entries(attrs)) element.setAttribute(k, v)
      element.insert(0, [new Y.XmlText('words')])
      return element
    }),
  )
  return doc
}

describe('readParagraphs', () => {
  it('lists the negotiated paragraphs in order, skipping titles and headings', () => {
    const doc = draft([
      { pid: 't', kind: 'title', label: '' },
      { pid: 'pp1', kind: 'preambular', label: 'PP1' },
      { pid: 'h', kind: 'heading', label: '' },
      { pid: 'op1', kind: 'operative', label: 'OP1' },
      { pid: 'x1', kind: 'annex', label: '' },
    ])
    expect(readParagraphs(doc)).toEqual([
      { pid: 'pp1', kind: 'preambular', label: 'PP1', order: 0 },
      { pid: 'op1', kind: 'operative', label: 'OP1', order: 1 },
      { pid: 'x1', kind: 'annex', label: 'x1', order: 2 },
    ])
  })

  it('sees a relabel, not an edit of the words', () => {
    const doc = draft([{ pid: 'op1', kind: 'operative', label: 'OP1' }])
    const before = readParagraphs(doc)
    const element = doc.getXmlFragment('default').get(0) as Y.XmlElement
    ;(element.get(0) as Y.XmlText).insert(0, 'more ')
    expect(sameParagraphs(before, readParagraphs(doc))).toBe(true)
    element.setAttribute('label', 'OP1bis')
    expect(sameParagraphs(before, readParagraphs(doc))).toBe(false)
  })
})
