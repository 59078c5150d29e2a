import type { ProposalAttributes } from '@accord/editor'
import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  eventually,
  paragraphElement,
  readParagraph,
  storedDoc,
  textOf,
  writeDraft,
} from './draftDocs.js'
import {
  type ConferenceFixture,
  conferenceAudit,
  type Person,
  setUpConference,
} from './fixtures.js'
import { declarationPath, raw } from './rawHttp.js'

// A paragraph is agreed (agreed, ad ref, or pending a delegation) only when no bracket is open
// in it, and over a deciding delegation's objection only with an override whose reason is
// recorded and shown. The check reads the draft in the same task of the draft's queue that
// stores the status, so a bracket sent while the request runs never ends up in agreed text.

let f: ConferenceFixture
let chair: TestClient
let japan: TestClient
let franceShared: TestClient

const ROUNDS = 12
const JPN_BRACKET: ProposalAttributes = {
  id: 'jpn-op2',
  delegation: 'JPN',
  action: 'insert',
  alternative: null,
}

const statusPath = () => `${declarationPath(f)}/statuses`

function setStatus(body: Record<string, unknown>, person: Person = f.secretariat) {
  return raw(f, person, 'PUT', statusPath(), body)
}

function setPosition(person: Person, paragraphId: string, value: string) {
  return raw(f, person, 'PUT', `${declarationPath(f)}/positions`, { paragraphId, value })
}

async function stateOf(paragraphId: string) {
  const answer = await raw(f, f.secretariat, 'GET', `${declarationPath(f)}/state`)
  expect(answer.status).toBe(200)
  return answer.body.paragraphs.find((p: { id: string }) => p.id === paragraphId)
}

/** The newest stored status row of a paragraph, straight from SQLite. */
async function storedStatus(paragraphId: string) {
  return f.server.services.db
    .selectFrom('paragraph_status')
    .selectAll()
    .where('declaration_id', '=', f.declarationId)
    .where('paragraph_id', '=', paragraphId)
    .orderBy('id', 'desc')
    .executeTakeFirst()
}

/** Whether the server's draft holds every update `client` has made. */
async function serverHas(client: TestClient): Promise<boolean> {
  const own = Y.decodeStateVector(Y.encodeStateVector(client.doc)).get(client.doc.clientID) ?? 0
  const vector = await f.server.services.relay.read(f.draft(), (doc) =>
    Y.decodeStateVector(Y.encodeStateVector(doc)),
  )
  return (vector.get(client.doc.clientID) ?? 0) >= own
}

beforeAll(async () => {
  f = await setUpConference()
  chair = await writeDraft(f, [
    paragraphElement('op1', 'OP1', 'We will promote data free flow.'),
    paragraphElement('op2', 'OP2', 'We will act.'),
    paragraphElement('op3', 'OP3', 'We support the SDGs.'),
    paragraphElement('racegated', 'OP99', 'Gated paragraph.'),
    ...Array.from({ length: ROUNDS }, (_, i) =>
      paragraphElement(`race${i}`, `OP${4 + i}`, `Race paragraph ${i}.`),
    ),
  ])
  japan = f.connect(f.draft(), f.jpn.token)
  franceShared = f.connect(f.shared(), f.fra.token)
  await Promise.all([synced(japan), synced(franceShared)])
  textOf(japan.doc, 'op2').insert(11, ' swiftly', { proposal: JPN_BRACKET })
  await waitFor(
    () => readParagraph(chair.doc, 'op2')?.proposals.length === 1,
    "Japan's bracket reached the secretariat",
  )
})

afterAll(async () => {
  await f?.close()
})

describe('agreeing a paragraph with open brackets', () => {
  for (const [status, pending] of [
    ['agreed', null],
    ['ad_ref', null],
    ['pending', 'FRA'],
  ] as const) {
    it(`is refused (409), naming the bracket: ${status}`, async () => {
      const answer = await setStatus({
        paragraphId: 'op2',
        status,
        pendingDelegationId: pending ? f.delegations[pending].id : null,
        // An override is for objections; it never lets a bracket through.
        override: { reason: 'The chair rules.' },
      })
      expect(answer.status).toBe(409)
      expect(answer.body.error.code).toBe('conflict')
      expect(answer.body.error.message).toContain('OP2')
      expect(answer.body.error.message).toContain("JPN's insertion (jpn-op2)")
      expect(await storedStatus('op2')).toBeUndefined()
      expect(await stateOf('op2')).toMatchObject({ status: 'open', openBrackets: 1 })
    })
  }

  it('is allowed once the bracket is decided', async () => {
    const decided = await raw(
      f,
      f.secretariat,
      'POST',
      `${declarationPath(f)}/proposal-decisions`,
      {
        paragraphId: 'op2',
        proposalId: 'jpn-op2',
        decision: 'accepted',
      },
    )
    expect(decided.status).toBe(200)
    expect((await setStatus({ paragraphId: 'op2', status: 'agreed' })).status).toBe(200)
    expect(await stateOf('op2')).toMatchObject({ status: 'agreed', openBrackets: 0 })
  })
})

describe('agreeing a paragraph over objections', () => {
  it('is refused without an override, naming the deciding delegations that object', async () => {
    expect((await setPosition(f.fra, 'op1', 'objection')).status).toBe(200)
    for (const override of [undefined, null]) {
      const answer = await setStatus({ paragraphId: 'op1', status: 'agreed', override })
      expect(answer.status).toBe(409)
      expect(answer.body.error.message).toContain('FRA object to OP1')
      expect(answer.body.error.message).toContain('override')
    }
    // A blank reason is no reason.
    const blank = await setStatus({
      paragraphId: 'op1',
      status: 'agreed',
      override: { reason: ' ' },
    })
    expect(blank.status).toBe(400)
    expect(await storedStatus('op1')).toBeUndefined()
  })

  it('is recorded with its reason and shown to everyone when overridden', async () => {
    const answer = await setStatus({
      paragraphId: 'op1',
      status: 'ad_ref',
      override: { reason: 'France agreed in the informal consultations.' },
    })
    expect(answer.status).toBe(200)
    const override = { reason: 'France agreed in the informal consultations.', objections: ['FRA'] }
    expect(await stateOf('op1')).toMatchObject({
      status: 'ad_ref',
      override,
      objections: [{ delegation: 'FRA', decides: true }],
    })
    // The status history keeps it.
    const row = await storedStatus('op1')
    expect(row?.override_reason).toBe(override.reason)
    expect(JSON.parse(row?.override_objections ?? 'null')).toEqual(['FRA'])
    // The shared mirror shows it to every member.
    await waitFor(
      () =>
        JSON.stringify(
          (franceShared.doc.getMap('statuses').get('op1') as { override?: unknown })?.override,
        ) === JSON.stringify(override),
      'the override reached the mirror',
    )
    // The audit log has it.
    const entry = (await conferenceAudit(f)).find(
      (e) => e.action === 'paragraph.setStatus' && e.target === 'op1' && e.outcome === 'ok',
    )
    expect(entry?.detail).toMatchObject({ status: 'ad_ref', override })
  })

  it('needs no override for an advisory objection, nor for the delegation it is pending on', async () => {
    const b20 = await f.invite('delegate', 'B20', 'Bo Business')
    expect((await setPosition(b20, 'op3', 'objection')).status).toBe(200)
    expect((await setStatus({ paragraphId: 'op3', status: 'agreed' })).status).toBe(200)
    expect((await setStatus({ paragraphId: 'op3', status: 'open' })).status).toBe(200)
    expect((await setPosition(f.jpn, 'op3', 'objection')).status).toBe(200)
    const pending = await setStatus({
      paragraphId: 'op3',
      status: 'pending',
      pendingDelegationId: f.delegations.JPN.id,
    })
    expect(pending.status).toBe(200)
    expect((await stateOf('op3')).override).toBeNull()
    // Agreed outright, Japan's objection needs the override again.
    expect((await setStatus({ paragraphId: 'op3', status: 'agreed' })).status).toBe(409)
  })
})

describe('a bracket applied between the check and the record', () => {
  it('cannot be: the agreement is checked and stored in one task of the draft’s queue', async () => {
    const { relay, negotiation } = f.server.services
    const draft = f.draft()
    await negotiation.settled(f.declarationId)
    // Hold the draft's queue, so the order of what waits behind it is the test's to choose.
    let release!: () => void
    let holding!: () => void
    const held = new Promise<void>((resolve) => {
      holding = resolve
    })
    const gate = relay.read(draft, () => {
      holding()
      return new Promise<void>((resolve) => {
        release = resolve
      })
    })
    await held
    // Forward every read of the draft, noting the first one the agree request makes.
    const read = relay.read.bind(relay)
    let queued!: () => void
    const requestQueued = new Promise<void>((resolve) => {
      queued = resolve
    })
    relay.read = ((name: string, fn: (doc: Y.Doc) => unknown) => {
      if (name === draft) queued()
      return read(name, fn)
    }) as typeof relay.read
    try {
      const request = setStatus({ paragraphId: 'racegated', status: 'agreed' })
      await Promise.race([
        requestQueued,
        request.then(({ status }) => {
          throw new Error(`the request answered ${status} before reading the draft`)
        }),
      ])
      // Then Japan's bracket reaches the relay and its batch queues behind the request's read.
      textOf(japan.doc, 'racegated').insert(4, ' swift', {
        proposal: { id: 'jpngated', delegation: 'JPN', action: 'insert', alternative: null },
      })
      await eventually(async () => relay.waitingUpdates(draft) > 0, "Japan's update is queued")
      await new Promise((resolve) => setImmediate(resolve))
      release()
      await gate
      const { status } = await request
      expect(status).toBe(200)
    } finally {
      relay.read = read
    }
    await eventually(() => serverHas(japan), "Japan's update reached the server", 15_000)
    await negotiation.settled(f.declarationId)
    // The lock was taken from the text the check saw; the bracket that came after is undone.
    const row = await storedStatus('racegated')
    expect(row?.status).toBe('agreed')
    expect(row?.agreed_content).not.toContain('jpngated')
    const stored = await storedDoc(f.server.store, f.draft())
    expect(readParagraph(stored.doc, 'racegated')).toMatchObject({
      text: 'Gated paragraph.',
      proposals: [],
    })
    stored.doc.destroy()
  })
})

describe('a bracket sent while the agree request runs', () => {
  it('never ends up in agreed text: either the agreement is refused, or the lock undoes it', async () => {
    const outcomes: number[] = []
    for (let i = 0; i < ROUNDS; i++) {
      const pid = `race${i}`
      const bracket = () =>
        textOf(japan.doc, pid).insert(4, ' swift', {
          proposal: { id: `jpn-race${i}`, delegation: 'JPN', action: 'insert', alternative: null },
        })
      // A third of the rounds store the bracket before the request (it must be seen: 409), a
      // third send it just before the request, a third just after (either outcome, consistent).
      let request: Promise<{ status: number }>
      const mode = i % 3
      if (mode === 0) {
        bracket()
        await eventually(() => serverHas(japan), "Japan's bracket reached the server", 15_000)
        request = setStatus({ paragraphId: pid, status: 'agreed' })
      } else if (mode === 1) {
        bracket()
        request = setStatus({ paragraphId: pid, status: 'agreed' })
      } else {
        request = setStatus({ paragraphId: pid, status: 'agreed' })
        bracket()
      }
      const { status } = await request
      if (mode === 0) expect(status).toBe(409)
      outcomes.push(status)
      expect([200, 409]).toContain(status)
      // Let Japan's update and everything it sets off (lock check, repair) finish.
      await eventually(() => serverHas(japan), "Japan's update reached the server", 15_000)
      await f.server.services.negotiation.settled(f.declarationId)
      const row = await storedStatus(pid)
      const stored = await storedDoc(f.server.store, f.draft())
      const held = readParagraph(stored.doc, pid)
      stored.doc.destroy()
      if (status === 200) {
        // Agreed: the lock holds no bracket, and the draft holds the agreed text.
        expect(row?.status).toBe('agreed')
        expect(row?.agreed_content).not.toContain('jpn-race')
        expect(held?.proposals).toEqual([])
        expect(held?.text).toBe(`Race paragraph ${i}.`)
      } else {
        // Refused: the paragraph stays open, with Japan's bracket in it.
        expect(row).toBeUndefined()
        expect(held?.proposals.map((p) => p.id)).toEqual([`jpn-race${i}`])
      }
    }
    // Brackets that arrived first were seen by the check; the others were undone by the lock.
    expect(outcomes.filter((status) => status === 409).length).toBeGreaterThanOrEqual(ROUNDS / 3)
  })
})
