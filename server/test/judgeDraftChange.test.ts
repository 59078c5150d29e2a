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

describe('formatting markers moved by concurrent edits (found by the property test)', () => {
  // B20 brackets the start of OP3. Japan cuts the bracket and the next words; France, which has
  // not seen the cut, strikes the first letters of the bracket, so Yjs writes a marker restating
  // B20's bracket after them. With Japan's cut merged, that marker falls on clean words; France's
  // next insert restates B20's bracket once more, onto the final stop. France is honest: it is
  // never refused, and every word goes back to whose it was.
  it('a restated bracket on words it never had is put back, not refused as forgery', () => {
    const server = base('We promote human-centric AI for all.')
    const sv0 = Y.encodeStateVector(server)
    const b20 = fork(server)
    textOf(b20).insert(0, '{B201}', mark('b20-t1', 'B20'))
    expect(receive(server, diff(b20, sv0), 'B20').kind).toBe('accept')
    const japan = fork(server)
    const france = fork(server)
    const sv1 = Y.encodeStateVector(server)
    textOf(japan).delete(0, 10)
    const cut = diff(japan, sv1)
    expect(receive(server, cut, 'JPN').kind).toBe('repair')
    const beforeStrike = Y.encodeStateVector(france)
    textOf(france).format(0, 3, mark('fra-s3', 'FRA', 'delete'))
    const strike = diff(france, beforeStrike)
    // France receives the cut, not yet its repair: B20's bracket seems to run to the end.
    Y.applyUpdate(france, cut)
    const beforeInsert = Y.encodeStateVector(france)
    textOf(france).insert(textOf(france).length - 1, '{FRA9}', mark('fra-t9', 'FRA'))
    const insert = diff(france, beforeInsert)
    for (const update of [strike, insert])
      expect(receive(server, update, 'FRA').kind).not.toBe('forged')
    const index = proposalIndex(server)
    expect(index.get('b20-t1')?.text).toBe('{B201}')
    expect(index.get('fra-t9')?.text).toBe('{FRA9}')
    expect(readDeclaration(server)[0]?.text).toContain('{FRA9}')
    const stop = (textOf(server).toDelta() as { insert: string; attributes?: object }[]).at(-1)
    expect(stop).toEqual({ insert: '.' })
  })

  // A new bracket of another delegation is still forgery, kept words or not.
  it('a mark with another delegation’s new id over kept words is still refused', () => {
    const server = base('We promote human-centric AI for all.')
    const germany = fork(server)
    const sv0 = Y.encodeStateVector(server)
    textOf(germany).format(3, 7, mark('jpn-x1', 'JPN'))
    expect(receive(server, diff(germany, sv0), 'DEU').kind).toBe('forged')
  })

  // Japan types clean words at the very start of OP2, just before its own bracket, while B20
  // strikes the bracket's first letters. The server puts Japan's bracket back on those letters;
  // its marker, ordered before Japan's words by concurrency, would carry the bracket over them.
  // Japan's words become a proposal of their own, not part of the bracket.
  it('clean words typed next to one’s own bracket do not join it through a moved marker', () => {
    const server = base('We support digitalization for the SDGs.')
    const sv0 = Y.encodeStateVector(server)
    const japan = fork(server)
    // Concurrent inserts at one place are ordered by client id: the server's below Japan's, so
    // that the server's restoring marker comes first.
    japan.clientID = 2 ** 30
    textOf(japan).insert(0, '{JPN2}', mark('jpn-t2', 'JPN'))
    receive(server, diff(japan, sv0), 'JPN')
    const b20 = fork(server)
    const sv1 = Y.encodeStateVector(server)
    textOf(b20).format(0, 3, mark('b20-s10', 'B20', 'delete'))
    const strike = diff(b20, sv1)
    const beforePlain = Y.encodeStateVector(japan)
    textOf(japan).insert(0, '{JPN4}', { proposal: null })
    const plain = diff(japan, beforePlain)
    // Which order Yjs gives concurrent markers depends on client ids: try both arrivals.
    for (const [first, second] of [
      [strike, plain],
      [plain, strike],
    ] as const) {
      const copy = fork(server)
      copy.clientID = 1
      receive(copy, first, first === strike ? 'B20' : 'JPN')
      receive(copy, second, second === strike ? 'B20' : 'JPN')
      const index = proposalIndex(copy)
      expect(index.get('jpn-t2')?.text).toBe('{JPN2}')
      expect([...index.values()].find((p) => p.text === '{JPN4}')?.delegation).toBe('JPN')
    }
  })
})

describe('a repair planned on words that changed before it ran', () => {
  // Repairs run once the update is stored, after later updates: a format restores exactly the
  // words it was planned on, not words typed among them since.
  it('formats the planned characters only', () => {
    const server = base('We promote human-centric AI for all.')
    const sv0 = Y.encodeStateVector(server)
    const france = fork(server)
    textOf(france).insert(3, 'really ', mark('fra-1', 'FRA'))
    receive(server, diff(france, sv0), 'FRA')
    const germany = fork(server)
    const sv1 = Y.encodeStateVector(server)
    // Germany strikes France's bracket: the server plans to put France's mark back.
    textOf(germany).format(3, 7, mark('deu-s1', 'DEU', 'delete'))
    const watcher = DraftChangeWatcher.of(server)
    const before = proposalIndex(server)
    watcher.arm()
    Y.applyUpdate(server, diff(germany, sv1))
    const verdict = judgeDraftChange({
      own: 'DEU',
      before,
      after: proposalIndex(server),
      change: watcher.take()!,
      newProposalId: () => 'deu-n1',
      paragraphOf: () => 'op3',
    })
    expect(verdict.kind).toBe('repair')
    // Before the repair runs, the secretariat types clean words inside the struck run.
    textOf(server).insert(5, 'XY', { proposal: null })
    applyRepair(server, verdict.kind === 'repair' ? verdict.ops : [])
    const index = proposalIndex(server)
    expect(index.get('fra-1')?.text).toBe('really ')
    expect(textOf(server).toString()).toContain('XY')
  })
})

describe('words already in the text under a delegate’s own insertion bracket', () => {
  // Found by the property test: B20's new bracket ended up covering the clean words after it.
  // An insertion is only of new words: kept words its mark falls on are taken off it, while a
  // strike (a deletion proposal) over clean words is the delegate's to make.
  it('are taken off the insertion, and a strike over them stays', () => {
    const server = base('We promote human-centric AI for all.')
    const sv0 = Y.encodeStateVector(server)
    const b20 = fork(server)
    textOf(b20).insert(0, '{B202}', mark('b20-t2', 'B20'))
    textOf(b20).format(6, 10, mark('b20-t2', 'B20'))
    const verdict = receive(server, diff(b20, sv0), 'B20')
    expect(verdict.kind === 'repair' && verdict.reasons.map((r) => r.code)).toEqual([
      'leftOutOfProposal',
    ])
    expect(proposalIndex(server).get('b20-t2')?.text).toBe('{B202}')
    const sv1 = Y.encodeStateVector(server)
    const again = fork(server)
    textOf(again).format(6, 10, mark('b20-s3', 'B20', 'delete'))
    expect(receive(server, diff(again, sv1), 'B20').kind).toBe('accept')
    expect(proposalIndex(server).get('b20-s3')?.text).toBe('We promote')
  })
})
