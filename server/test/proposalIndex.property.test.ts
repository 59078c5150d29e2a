import { DECLARATION_FIELD } from '@accord/editor'
import fc from 'fast-check'
import { expect, it } from 'vitest'
import * as Y from 'yjs'
import { proposalIndex } from '../src/negotiation/proposalIndex.js'

// The index of proposals reads again only the paragraphs a transaction touched. Whatever the
// edits, it must equal a reading from scratch (a fresh copy of the document has no cache).

const edit = fc.record({
  kind: fc.constantFrom('insert', 'mark', 'unmark', 'delete', 'split', 'join', 'nest'),
  block: fc.nat(),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  len: fc.integer({ min: 1, max: 6 }),
  who: fc.constantFrom('JPN', 'FRA', 'B20'),
  id: fc.integer({ min: 1, max: 4 }),
})

it('equals a reading from scratch after any edits', () => {
  fc.assert(
    fc.property(fc.array(edit, { maxLength: 30 }), (edits) => {
      const doc = new Y.Doc()
      const fragment = doc.getXmlFragment(DECLARATION_FIELD)
      for (const pid of ['a', 'b', 'c']) {
        const element = new Y.XmlElement('paragraph')
        element.setAttribute('pid', pid)
        element.insert(0, [new Y.XmlText(`Paragraph ${pid} has some words.`)])
        fragment.insert(fragment.length, [element])
      }
      proposalIndex(doc) // fills the cache
      for (const e of edits) {
        const blocks = fragment
          .toArray()
          .filter((b): b is Y.XmlElement => b instanceof Y.XmlElement)
        const block = blocks[e.block % blocks.length]
        const text = block?.toArray().find((c): c is Y.XmlText => c instanceof Y.XmlText)
        if (!block || !text) continue
        const at = Math.floor(e.at * text.length)
        const len = Math.min(e.len, text.length - at)
        const proposal = {
          id: `${e.who}-${e.id}`,
          delegation: e.who,
          action: 'insert',
          alternative: null,
        }
        if (e.kind === 'insert') text.insert(at, 'xy', e.id % 2 ? { proposal } : {})
        else if (e.kind === 'mark' && len > 0) text.format(at, len, { proposal })
        else if (e.kind === 'unmark' && len > 0) text.format(at, len, { proposal: null })
        else if (e.kind === 'delete' && len > 0) text.delete(at, len)
        else if (e.kind === 'split') {
          const tail = (text.toDelta() as { insert: string; attributes?: object }[]).slice(-1)
          const element = new Y.XmlElement('paragraph')
          element.setAttribute('pid', `s${e.id}${e.block}`)
          const moved = new Y.XmlText()
          moved.applyDelta(tail)
          element.insert(0, [moved])
          fragment.insert(fragment.toArray().indexOf(block) + 1, [element])
        } else if (e.kind === 'join' && blocks.length > 1) {
          fragment.delete(fragment.toArray().indexOf(block), 1)
        } else if (e.kind === 'nest') {
          const nested = new Y.XmlElement('paragraph')
          nested.insert(0, [new Y.XmlText('nested')])
          block.insert(block.length, [nested])
          const inner = nested.get(0) as Y.XmlText
          inner.format(0, 3, { proposal })
        }
        const fresh = new Y.Doc()
        Y.applyUpdate(fresh, Y.encodeStateAsUpdate(doc))
        expect([...proposalIndex(doc)]).toEqual([...proposalIndex(fresh)])
      }
    }),
    { numRuns: 200 },
  )
})
