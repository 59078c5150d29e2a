import { DECLARATION_FIELD, declarationBlocks, readDeclaration } from '@accord/editor'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { DraftChangeWatcher } from '../src/negotiation/draftChanges.js'
import { applyRepair } from '../src/negotiation/draftRepair.js'
import { judgeDraftChange, type Verdict } from '../src/negotiation/judgeDraftChange.js'
import { proposalIndex } from '../src/negotiation/proposalIndex.js'

// The rules' judgement on one update, on plain Y.Docs: the server's copy, and clients that edit
// concurrently from a common base. What the relay does around it is tested end to end elsewhere.

function base(text: string): Y.Doc {
  const doc = new Y.Doc()
  const element = new Y.XmlElement('paragraph')
  element.setAttribute('pid', 'op3')
  element.insert(0, [new Y.XmlText(text)])
  doc.getXmlFragment(DECLARATION_FIELD).insert(0, [element])
  return doc
}

function fork(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

function textOf(doc: Y.Doc): Y.XmlText {
  return declarationBlocks(doc)[0]!.element.get(0) as Y.XmlText
}

function diff(doc: Y.Doc, since: Uint8Array): Uint8Array {
  return Y.encodeStateAsUpdate(doc, since)
}

/** Applies `update` to the server's copy as `own` would send it, judges it and carries out any repair. */
function receive(server: Y.Doc, update: Uint8Array, own: string | null): Verdict {
  const watcher = DraftChangeWatcher.of(server)
  const before = proposalIndex(server)
  watcher.arm()
  Y.applyUpdate(server, update)
  let serial = 0
  const verdict = judgeDraftChange({
    own,
    before,
    after: proposalIndex(server),
    change: watcher.take()!,
    newProposalId: () => `${(own ?? 'sec').toLowerCase()}-n${++serial}`,
    paragraphOf: () => 'op3',
  })
  if (verdict.kind === 'repair') applyRepair(server, verdict.ops)
  return verdict
}

const mark = (id: string, delegation: string, action: 'insert' | 'delete' = 'insert') => ({
  proposal: { id, delegation, action, alternative: null },
})

describe('concurrent edits around a new bracket', () => {
  // Found by the property test: Japan brackets words at the start of OP3 while France, from an
  // older copy, cuts the first letter and strikes the next words. Japan's bracket must stay
  // exactly Japan's words.
  it('a cut and a strike next to a concurrent bracket leave the bracket as it was', () => {
    const server = base('We promote human-centric AI for all.')
    const japan = fork(server)
    const france = fork(server)
    const sv = Y.encodeStateVector(server)
    textOf(japan).insert(0, '{JPN1}', mark('jpn-t1', 'JPN'))
    expect(receive(server, diff(japan, sv), 'JPN').kind).toBe('accept')
    textOf(france).delete(0, 1)
    textOf(france).format(0, 11, mark('fra-s1', 'FRA', 'delete'))
    receive(server, diff(france, sv), 'FRA')
    expect(proposalIndex(server).get('jpn-t1')?.text).toBe('{JPN1}')
    // France's work is kept as France's proposals.
    expect(proposalIndex(server).get('fra-s1')?.delegation).toBe('FRA')
  })
})

describe('the same, whatever France had received when it struck', () => {
  // Found by the property test: with Japan's bracket but not yet the server's repair of its cut,
  // France's strike removed a formatting marker the repair had relied on, and words nobody
  // bracketed read as Japan's.
  it.each([
    [false, false],
    [true, false],
    [false, true],
    [true, true],
  ])('France had Japan’s bracket: %s, the repair of its cut: %s', (seesJapan, seesRepair) => {
    const server = base('We promote human-centric AI for all.')
    const japan = fork(server)
    const france = fork(server)
    const sv0 = Y.encodeStateVector(server)
    textOf(japan).insert(0, '{JPN1}', mark('jpn-t1', 'JPN'))
    const bracket = diff(japan, sv0)
    receive(server, bracket, 'JPN')
    const beforeCut = Y.encodeStateVector(france)
    textOf(france).delete(0, 1)
    // A plain cut of clean text by a delegate comes back as its deletion proposal.
    expect(receive(server, diff(france, beforeCut), 'FRA').kind).toBe('repair')
    if (seesJapan) Y.applyUpdate(france, bracket)
    if (seesRepair) Y.applyUpdate(france, Y.encodeStateAsUpdate(server))
    const beforeStrike = Y.encodeStateVector(france)
    textOf(france).format(0, 11, mark('fra-s1', 'FRA', 'delete'))
    receive(server, diff(france, beforeStrike), 'FRA')
    const index = proposalIndex(server)
    expect(index.get('jpn-t1')?.text).toBe('{JPN1}')
    for (const [id, proposal] of index)
      expect([...proposal.delegations], id).toEqual([id.slice(0, 3).toUpperCase()])
  })
})

describe('a whole paragraph deleted by a delegate', () => {
  it('comes back with the bracket it held, and its clean words as the delegate’s deletion', () => {
    const server = base('We promote AI.')
    const france = fork(server)
    const sv0 = Y.encodeStateVector(server)
    textOf(france).insert(3, 'really ', mark('fra-1', 'FRA'))
    receive(server, diff(france, sv0), 'FRA')
    const japan = fork(server)
    const sv1 = Y.encodeStateVector(server)
    japan.getXmlFragment(DECLARATION_FIELD).delete(0, 1)
    const verdict = receive(server, diff(japan, sv1), 'JPN')
    expect(verdict.kind).toBe('repair')
    expect(declarationBlocks(server).map((b) => b.id)).toEqual(['op3'])
    expect(proposalIndex(server).get('fra-1')?.text).toBe('really ')
    expect(readDeclaration(server)[0]?.text).toBe('We really promote AI.')
    expect(proposalIndex(server).get('jpn-n1')).toMatchObject({
      delegation: 'JPN',
      text: 'We promote AI.',
    })
  })
})
