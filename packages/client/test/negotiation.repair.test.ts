import { EDITOR_SCHEMA_VERSION, type ProposalAttributes, readDeclaration } from '@accord/editor'
import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { type RawClient, rawClient } from '@accord/server/testing/raw-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import {
  draftFragment,
  editUpdate,
  eventually,
  noticesIn,
  paragraphElement,
  readParagraph,
  syncFrame,
  textOf,
  writeDraft,
} from './draftDocs.js'
import {
  type ConferenceFixture,
  closeCodesOf,
  conferenceAudit,
  negotiationApi,
  type Person,
  setUpConference,
} from './fixtures.js'

// Repair rather than refuse (issue #8): what an honest client can trip over — a delegate's plain
// edit, typing where another delegation concurrently bracketed, offline work that meets a
// changed bracket — is accepted, and the server changes back only what another party owns. The
// sender reads why in a notice; the repair is audited. Only forgery closes the connection.

const FRA_OP2: ProposalAttributes = {
  id: 'fra-op2',
  delegation: 'FRA',
  action: 'insert',
  alternative: null,
}
const FRA_WORDS = ' in least developed countries'
const OP1 = 'We will promote data free flow with trust.'
const OP5 = 'We commit to bridging digital divides.'

let f: ConferenceFixture
let chair: TestClient
const raws: RawClient[] = []
const param = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })

beforeAll(async () => {
  f = await setUpConference()
  chair = await writeDraft(f, [
    paragraphElement('op1', 'OP1', OP1),
    paragraphElement('op2', 'OP2', 'We support digitalization for the SDGs.'),
    paragraphElement('op5', 'OP5', OP5),
    paragraphElement('op6', 'OP6', 'We note the role of the private sector.'),
  ])
  // France brackets its words through its own provider, as its editor would.
  const france = f.connect(f.draft(), f.fra.token)
  await synced(france)
  textOf(france.doc, 'op2').insert('We support digitalization for the SDGs'.length, FRA_WORDS, {
    proposal: FRA_OP2,
  })
  await waitFor(
    () => proposalsOf(chair.doc, 'op2').length === 1,
    'France’s bracket reached the chair',
  )
  france.destroy()
})

afterEach(() => {
  for (const raw of raws.splice(0)) raw.close()
})

afterAll(async () => {
  await f?.close()
})

async function rawDraft(person: Person): Promise<RawClient> {
  const raw = rawClient(
    `${f.wsBase}/${f.draft()}?token=${encodeURIComponent(person.token)}&editor=${EDITOR_SCHEMA_VERSION}`,
  )
  raws.push(raw)
  await raw.opened
  await waitFor(() => raw.received.length > 0, 'the relay opened the raw connection')
  return raw
}

async function repairsOf(person: Person) {
  return (await conferenceAudit(f)).filter(
    (entry) => entry.action === 'draft.repaired' && entry.actor_user_id === person.id,
  )
}

/** Sends `edit` from `person`'s raw connection and waits for the server's repair to be audited. */
async function sendAndAwaitRepair(person: Person, edit: (doc: Y.Doc) => void): Promise<RawClient> {
  const before = (await repairsOf(person)).length
  const raw = await rawDraft(person)
  raw.send(syncFrame(editUpdate(chair.doc, edit)))
  await eventually(async () => (await repairsOf(person)).length > before, 'the repair is audited')
  return raw
}

const proposalsOf = (doc: Y.Doc, pid: string) => readParagraph(doc, pid)?.proposals ?? []

describe('splitting another delegation’s bracket with unmarked text', () => {
  // The words carry an explicit "no proposal", so France's bracket keeps its words on both
  // sides; the old fingerprint joined the two halves and saw nothing.
  it.each([
    ['Japan', () => f.jpn],
    ['the secretariat', () => f.secretariat],
  ])('from %s is taken out again, and France’s bracket is whole', async (_who, person) => {
    const offset = 'We support digitalization for the SDGs in least'.length
    const raw = await sendAndAwaitRepair(person(), (doc) =>
      textOf(doc, 'op2').insert(offset, ' UNBRACKETED', { proposal: null }),
    )
    await waitFor(
      () =>
        !readParagraph(chair.doc, 'op2')!.text.includes('UNBRACKETED') &&
        JSON.stringify(proposalsOf(chair.doc, 'op2')) ===
          JSON.stringify([{ ...FRA_OP2, text: FRA_WORDS }]),
      'France’s bracket is whole again',
    )
    expect(raw.socket.readyState).toBe(raw.socket.OPEN)
  })
})

describe('a delegate’s plain edit to clean text', () => {
  it('an insertion becomes the delegation’s own proposal, and Japan is told', async () => {
    const words = ' across regions'
    const raw = await sendAndAwaitRepair(f.jpn, (doc) =>
      textOf(doc, 'op5').insert(OP5.length - 1, words, {}),
    )
    await waitFor(
      () => proposalsOf(chair.doc, 'op5').some((p) => p.text === words),
      'the words became a proposal',
    )
    const proposal = proposalsOf(chair.doc, 'op5').find((p) => p.text === words)!
    expect(proposal).toMatchObject({ delegation: 'JPN', action: 'insert' })
    const listed = await (await negotiationApi(f.fra).paragraphs.$get({ param: param() })).json()
    expect(listed.find((p) => p.id === 'op5')?.proposals).toContainEqual(proposal)
    const notices = await noticesIn(f, f.delegationDoc('JPN'), f.jpn.token)
    const notice = notices.find((n) => n.reasons.some((r) => r.proposalId === proposal.id))
    expect(notice?.userId).toBe(f.jpn.id)
    expect(notice?.messages.join(' ')).toContain('secretariat holds the pen')
    expect(raw.socket.readyState).toBe(raw.socket.OPEN)
  })

  it('a deletion is put back as the delegation’s deletion proposal', async () => {
    const gone = 'of the private sector'
    const text = 'We note the role of the private sector.'
    await sendAndAwaitRepair(f.jpn, (doc) =>
      textOf(doc, 'op6').delete(text.indexOf(gone), gone.length),
    )
    await waitFor(
      () => proposalsOf(chair.doc, 'op6').some((p) => p.text === gone),
      'the deleted words came back in brackets',
    )
    expect(readParagraph(chair.doc, 'op6')?.text).toBe(text)
    expect(proposalsOf(chair.doc, 'op6')).toEqual([
      expect.objectContaining({ delegation: 'JPN', action: 'delete', text: gone }),
    ])
  })

  it('from the secretariat stays as written: it holds the pen', async () => {
    const before = (await repairsOf(f.secretariat)).length
    const raw = await rawDraft(f.secretariat)
    raw.send(syncFrame(editUpdate(chair.doc, (doc) => textOf(doc, 'op1').insert(0, 'Chair: ', {}))))
    await waitFor(
      () => readParagraph(chair.doc, 'op1')?.text.startsWith('Chair: ') === true,
      'the edit landed',
    )
    // A later edit, so anything the server would do about the first is done by then.
    textOf(chair.doc, 'op1').delete(0, 'Chair: '.length)
    await waitFor(() => readParagraph(chair.doc, 'op1')?.text === OP1, 'undone by the chair')
    expect(proposalsOf(chair.doc, 'op1')).toEqual([])
    expect((await repairsOf(f.secretariat)).length).toBe(before)
  })
})

describe('a delegate deleting a whole paragraph', () => {
  it('that holds another delegation’s bracket: the paragraph comes back, the bracket whole, the rest as the delegate’s deletion', async () => {
    const before = readParagraph(chair.doc, 'op2')!
    expect(before.proposals.map((p) => p.id)).toContain('fra-op2')
    await sendAndAwaitRepair(f.jpn, (doc) => {
      const index = readDeclaration(doc).findIndex((p) => p.id === 'op2')
      draftFragment(doc).delete(index, 1)
    })
    await waitFor(
      () => readParagraph(chair.doc, 'op2')?.text === before.text,
      'OP2 is back, with its identity',
    )
    const op2 = readParagraph(chair.doc, 'op2')!
    expect(op2.label).toBe('OP2')
    expect(op2.proposals.filter((p) => p.id === 'fra-op2')).toEqual([
      { ...FRA_OP2, text: FRA_WORDS },
    ])
    expect(op2.proposals.filter((p) => p.delegation === 'JPN').map((p) => p.action)).toEqual([
      'delete',
      'delete',
    ])
    expect(readDeclaration(chair.doc).map((p) => p.id)).toEqual(['op1', 'op2', 'op5', 'op6'])
  })
})

describe('offline work that meets a bracket made meanwhile (three real providers)', () => {
  it('keeps everyone’s work but what the rules restore, and explains it to its author', async () => {
    const france = f.connect(f.draft(), f.fra.token)
    const japan = f.connect(f.draft(), f.jpn.token)
    const franceCloses = closeCodesOf(france)
    const japanCloses = closeCodesOf(japan)
    await Promise.all([synced(france), synced(japan)])

    // France goes offline and edits OP1 plainly, as a client without proposal mode would:
    // it deletes "free flow with trust" and adds "(DFFT)".
    france.provider.disconnect()
    const fop1 = textOf(france.doc, 'op1')
    fop1.delete(OP1.indexOf('free flow'), 'free flow with trust'.length)
    fop1.insert(fop1.length - 1, ' (DFFT)', {})

    // Meanwhile Japan, online, proposes to delete "data free flow".
    const japanDelete: ProposalAttributes = {
      id: 'jpn-op1-del',
      delegation: 'JPN',
      action: 'delete',
      alternative: null,
    }
    textOf(japan.doc, 'op1').format(OP1.indexOf('data'), 'data free flow'.length, {
      proposal: japanDelete,
    })
    await waitFor(
      () => proposalsOf(chair.doc, 'op1').some((p) => p.id === 'jpn-op1-del'),
      'Japan’s bracket reached the chair',
    )

    const repairs = (await repairsOf(f.fra)).length
    france.provider.connect()
    await eventually(async () => (await repairsOf(f.fra)).length > repairs, 'France’s repair')

    const settled = (doc: Y.Doc) => JSON.stringify(draftFragment(doc).toJSON())
    await waitFor(
      () =>
        settled(france.doc) === settled(chair.doc) &&
        settled(japan.doc) === settled(chair.doc) &&
        proposalsOf(chair.doc, 'op1').some((p) => p.text === ' (DFFT)'),
      'all three converge on the repaired draft',
    )
    const op1 = proposalsOf(chair.doc, 'op1')
    // Japan's bracket is whole and Japan's.
    expect(op1.filter((p) => p.id === 'jpn-op1-del')).toEqual([
      { ...japanDelete, text: 'data free flow' },
    ])
    // France's offline work is kept, as France's proposals: the addition, and the deletion of
    // the words that were still clean.
    expect(op1).toContainEqual(
      expect.objectContaining({ delegation: 'FRA', action: 'insert', text: ' (DFFT)' }),
    )
    expect(op1).toContainEqual(
      expect.objectContaining({ delegation: 'FRA', action: 'delete', text: ' with trust' }),
    )
    // Nobody was disconnected for it, and France reads why.
    expect(franceCloses).toEqual([])
    expect(japanCloses).toEqual([])
    const notices = await noticesIn(f, f.delegationDoc('FRA'), f.fra.token)
    const messages = notices.flatMap((n) => n.messages).join('\n')
    expect(messages).toContain('JPN’s proposal')
    expect(messages).toContain('your delegation’s proposal')
    france.destroy()
    japan.destroy()
  })
})

describe('notices', () => {
  it('a mirror keeps the newest hundred', async () => {
    const { negotiation } = f.server.services
    const d = await negotiation.declaration(f.conferenceId, f.declarationId)
    const b20 = await f.invite('delegate', 'B20')
    const principal = {
      userId: b20.id,
      sessionId: 'test',
      name: 'B20',
      delegation: 'B20',
      color: '#000000',
    }
    for (let i = 0; i < 105; i++) {
      await negotiation.repairs.notify(d, principal, [
        {
          code: 'becameProposal',
          paragraphId: 'op1',
          proposalId: `b20-${i}`,
          delegation: 'B20',
          text: `words ${i}`,
        },
      ])
    }
    const held = await f.server.relay.read(f.delegationDoc('B20'), (doc) => [
      ...doc.getMap('notices').values(),
    ])
    expect(held).toHaveLength(100)
    const texts = held.map((n) => (n as { reasons: { text: string }[] }).reasons[0]!.text)
    expect(texts).toContain('words 104')
    expect(texts).not.toContain('words 0')
  })
})
