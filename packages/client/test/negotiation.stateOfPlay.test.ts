import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PositionsGrid, StateOfPlay } from '../src/index.js'
import { paragraphElement, readParagraph, textOf, writeDraft } from './draftDocs.js'
import {
  type ConferenceFixture,
  expectStatus,
  negotiationApi,
  type Person,
  setUpConference,
} from './fixtures.js'
import { declarationPath, raw } from './rawHttp.js'

// The secretariat reads where a whole declaration stands in one request: each paragraph's status
// and consensus (GET …/state), and the positions by delegation (GET …/positions). They hold what
// the shared mirror holds, so they are read by whoever may open the shared mirror: the
// secretariat always, delegates once the draft circulates, observers never.

let f: ConferenceFixture
let b20: Person
let chairShared: TestClient

const state = (person: Person, declarationId = f.declarationId) =>
  raw(f, person, 'GET', `${declarationPath(f, declarationId)}/state`)
const grid = (person: Person, declarationId = f.declarationId) =>
  raw(f, person, 'GET', `${declarationPath(f, declarationId)}/positions`)

async function setPosition(person: Person, paragraphId: string, value: string, extra = {}) {
  const answer = await raw(f, person, 'PUT', `${declarationPath(f)}/positions`, {
    paragraphId,
    value,
    ...extra,
  })
  expect(answer.status).toBe(200)
}

beforeAll(async () => {
  f = await setUpConference()
  b20 = await f.invite('delegate', 'B20', 'Bo Business')
  const chair = await writeDraft(f, [
    paragraphElement('title', '', 'Osaka Declaration', 'title'),
    paragraphElement('pp1', 'PP1', 'Recalling our commitments;', 'preambular'),
    paragraphElement('op1', 'OP1', 'We will act.'),
    paragraphElement('op2', 'OP2', 'We will report.'),
  ])
  const japan = f.connect(f.draft(), f.jpn.token)
  await synced(japan)
  textOf(japan.doc, 'op1').insert(11, ' swiftly', {
    proposal: { id: 'jpn-op1', delegation: 'JPN', action: 'insert', alternative: null },
  })
  await waitFor(() => readParagraph(chair.doc, 'op1')?.proposals.length === 1, 'the bracket')
  const agreed = await raw(f, f.secretariat, 'PUT', `${declarationPath(f)}/statuses`, {
    paragraphId: 'pp1',
    status: 'agreed',
  })
  expect(agreed.status).toBe(200)
  await setPosition(f.jpn, 'op1', 'support')
  await setPosition(f.fra, 'op2', 'objection', { note: 'Not this year.' })
  await setPosition(b20, 'op2', 'objection')
  await setPosition(f.secretariat, 'op1', 'amendment', {
    delegation: 'FRA',
    amendment: 'We will act together.',
  })
  chairShared = f.connect(f.shared(), f.secretariat.token)
  await synced(chairShared)
})

afterAll(async () => {
  await f?.close()
})

describe('GET …/state', () => {
  it('gives every paragraph in order: id, label, status, consensus, open brackets, objections', async () => {
    const answer = await state(f.secretariat)
    expect(answer.status).toBe(200)
    expect(answer.body.declaration).toEqual({
      id: f.declarationId,
      title: 'Osaka Declaration',
      stage: 'negotiating',
    })
    const paragraphs = answer.body.paragraphs as Array<Record<string, unknown>>
    expect(paragraphs.map((p) => [p.id, p.label, p.status])).toEqual([
      ['title', '', 'open'],
      ['pp1', 'PP1', 'agreed'],
      ['op1', 'OP1', 'open'],
      ['op2', 'OP2', 'open'],
    ])
    const [, pp1, op1, op2] = paragraphs
    expect(pp1).toMatchObject({ statusSetAt: expect.any(Number), override: null })
    expect(op1).toMatchObject({
      openBrackets: 1,
      objections: [],
      consensus: { ready: false, openProposals: 1, amendmentsBy: ['FRA'], waitingFor: [] },
    })
    expect(op2).toMatchObject({
      statusSetAt: null,
      openBrackets: 0,
      objections: [
        { delegation: 'B20', decides: false },
        { delegation: 'FRA', decides: true },
      ],
      consensus: {
        ready: false,
        blockedBy: ['FRA'],
        waitingFor: ['JPN'],
        advisory: [{ delegation: 'B20', decides: false, value: 'objection' }],
      },
    })
  })

  it('agrees with the shared mirror the client’s matrix and dashboard read', async () => {
    const answer = await state(f.secretariat)
    await waitFor(
      () =>
        (chairShared.doc.getMap('consensus').get('op2') as { blockedBy?: string[] } | undefined)
          ?.blockedBy?.[0] === 'FRA',
      'the mirror is up to date',
    )
    for (const p of answer.body.paragraphs as Array<{ id: string; consensus: unknown }>) {
      expect(p.consensus).toEqual(chairShared.doc.getMap('consensus').get(p.id))
    }
  })
})

describe('GET …/positions', () => {
  it('gives delegation × paragraph → position, who recorded it and when', async () => {
    const answer = await grid(f.secretariat)
    expect(answer.status).toBe(200)
    expect(answer.body.delegations.map((d: { code: string }) => d.code).sort()).toEqual([
      'B20',
      'FRA',
      'JPN',
    ])
    expect(answer.body.paragraphs.map((p: { id: string }) => p.id)).toEqual([
      'title',
      'pp1',
      'op1',
      'op2',
    ])
    const cell = (paragraphId: string, delegation: string) =>
      answer.body.positions.find(
        (p: { paragraphId: string; delegation: string }) =>
          p.paragraphId === paragraphId && p.delegation === delegation,
      )
    expect(cell('op1', 'JPN')).toMatchObject({
      value: 'support',
      setBy: 'Aiko Tanaka',
      recordedBy: 'delegation',
      setAt: expect.any(Number),
    })
    expect(cell('op1', 'FRA')).toMatchObject({
      value: 'amendment',
      amendment: 'We will act together.',
      setBy: 'Sakura Chair',
      recordedBy: 'secretariat',
    })
    expect(cell('op2', 'FRA')).toMatchObject({ value: 'objection', note: 'Not this year.' })
    expect(cell('op2', 'JPN')).toBeUndefined()
    expect(answer.body.positions).toHaveLength(4)
  })

  it('gives the current position only, after a change', async () => {
    await setPosition(f.fra, 'op2', 'flexible')
    const answer = await grid(f.fra)
    const france = answer.body.positions.filter(
      (p: { paragraphId: string; delegation: string }) =>
        p.paragraphId === 'op2' && p.delegation === 'FRA',
    )
    expect(france).toEqual([expect.objectContaining({ value: 'flexible' })])
  })
})

describe('the typed client', () => {
  it('reads both, typed from the server’s routes', async () => {
    const param = { conferenceId: f.conferenceId, declarationId: f.declarationId }
    const stateResponse = await negotiationApi(f.secretariat).state.$get({ param })
    await expectStatus(stateResponse, 200, 'state of play')
    const read: StateOfPlay = await stateResponse.json()
    expect(read.paragraphs.find((p) => p.id === 'pp1')?.status).toBe('agreed')
    const gridResponse = await negotiationApi(f.secretariat).positions.$get({ param })
    await expectStatus(gridResponse, 200, 'positions grid')
    const cells: PositionsGrid = await gridResponse.json()
    expect(cells.positions.every((p) => ['delegation', 'secretariat'].includes(p.recordedBy))).toBe(
      true,
    )
  })
})

describe('who reads the state of play', () => {
  it('the secretariat at every stage it reaches; delegates from negotiating on; observers never', async () => {
    const zero = await f.createDeclaration('Zero draft', 'drafting')
    for (const read of [state, grid]) {
      expect((await read(f.secretariat, zero)).status).toBe(200)
      expect((await read(f.jpn, zero)).status).toBe(403)
      expect((await read(f.observer, zero)).status).toBe(403)
    }
    await f.setStage(zero, 'negotiating')
    for (const read of [state, grid]) {
      expect((await read(f.jpn, zero)).status).toBe(200)
      expect((await read(f.observer, zero)).status).toBe(403)
    }
    await f.setStage(zero, 'silence')
    for (const read of [state, grid]) {
      expect((await read(f.secretariat, zero)).status).toBe(200)
      expect((await read(b20, zero)).status).toBe(200)
      expect((await read(f.observer, zero)).status).toBe(403)
    }
  })

  it('nobody outside the conference, nor anonymously', async () => {
    for (const read of [state, grid]) {
      const operator = await read(f.operator)
      expect(operator.status).toBe(404)
      const anonymous = await raw(f, null, 'GET', `${declarationPath(f)}/state`)
      expect(anonymous.status).toBe(401)
    }
  })
})
