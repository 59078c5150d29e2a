import { DECLARATION_FIELD, PARAGRAPH_NODE, sealIdentity } from '@accord/editor'
import pino from 'pino'
import { expect, it } from 'vitest'
import * as Y from 'yjs'
import type { AuditLog } from '../src/audit/AuditLog.js'
import type { Conferences, Declaration } from '../src/directory/Conferences.js'
import { type DraftRepair, draftRules } from '../src/negotiation/draftRules.js'
import type { Negotiation } from '../src/negotiation/Negotiation.js'
import type { Principal } from '../src/sync/RelaySocket.js'

// The relay batches the updates of one event-loop turn: it vets each (observe → apply → vet,
// one after another), then calls `stored` once per principal. What the rules learn in vet must
// reach stored for the right principal: a repair or a lock restore is explained to its author.
const NAME = 'conference/c1/declaration/d1/draft'
const DECLARATION = { id: 'd1', conferenceId: 'c1', title: 'T', stage: 'negotiating' }

const principal = (userId: string, delegation: string): Principal => ({
  userId,
  sessionId: `s-${userId}`,
  name: userId,
  delegation,
  color: '#000',
})

function draft(): Y.Doc {
  const doc = new Y.Doc()
  const element = new Y.XmlElement(PARAGRAPH_NODE)
  element.setAttribute('pid', 'op1')
  element.setAttribute('kind', 'operative')
  element.setAttribute('label', 'OP1')
  element.setAttribute('identity', sealIdentity({ pid: 'op1', kind: 'operative', label: 'OP1' }))
  const text = new Y.XmlText()
  text.insert(0, 'We will cooperate.')
  element.insert(0, [text])
  doc.getXmlFragment(DECLARATION_FIELD).insert(0, [element])
  return doc
}

/** A client's plain insertion into OP1, as an update made on its own copy of `server`. */
function plainInsert(server: Y.Doc, words: string, at: number): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(server))
  const before = Y.encodeStateVector(copy)
  const text = (copy.getXmlFragment(DECLARATION_FIELD).get(0) as Y.XmlElement).get(0) as Y.XmlText
  text.insert(at, words)
  return Y.encodeStateAsUpdate(copy, before)
}

it('keeps what vet learns per principal through a batch, for each author’s repair and lock check', async () => {
  const calls: { who: string; repair: DraftRepair | null; touched: string[] | null }[] = []
  const noted: { who: string; touched: string[] }[] = []
  const negotiation = {
    noteTouches(_doc: string, pids: ReadonlySet<string>, p: Principal | null) {
      noted.push({ who: p?.userId ?? '', touched: [...pids] })
    },
    async afterDraftUpdate(
      _d: Declaration,
      p: Principal | null,
      repair: DraftRepair | null,
      touched: ReadonlySet<string> | null,
    ) {
      calls.push({ who: p?.userId ?? '', repair, touched: touched ? [...touched] : null })
    },
  } as unknown as Negotiation
  const rules = draftRules({
    negotiation: () => negotiation,
    conferences: { declaration: async () => DECLARATION } as unknown as Conferences,
    audit: { record: async () => {} } as unknown as AuditLog,
    log: pino({ level: 'silent' }),
  })
  const doc = draft()
  const jpn = principal('u-jpn', 'JPN')
  const fra = principal('u-fra', 'FRA')
  // Both made their edit on the same state; the relay applies them in one batch.
  const fromJapan = plainInsert(doc, 'firmly ', 8)
  const fromFrance = plainInsert(doc, 'closely ', 8)
  for (const [who, update] of [
    [jpn, fromJapan],
    [fra, fromFrance],
  ] as const) {
    const before = rules.observe!(NAME, who, doc)
    Y.applyUpdate(doc, update, who)
    expect(rules.vet!(NAME, who, before, doc)).toBeNull()
  }
  rules.stored!(NAME, jpn)
  rules.stored!(NAME, fra)
  await new Promise((resolve) => setTimeout(resolve, 10))

  expect(noted.map((n) => [n.who, n.touched])).toEqual([
    ['u-jpn', ['op1']],
    ['u-fra', ['op1']],
  ])
  // Each author's plain edit becomes that author's proposal, and only theirs.
  const japan = calls.find((c) => c.who === 'u-jpn')
  const france = calls.find((c) => c.who === 'u-fra')
  expect(japan?.repair?.reasons.map((r) => [r.code, r.delegation, r.text])).toEqual([
    ['becameProposal', 'JPN', 'firmly '],
  ])
  expect(france?.repair?.reasons.map((r) => [r.code, r.delegation, r.text])).toEqual([
    ['becameProposal', 'FRA', 'closely '],
  ])
})
