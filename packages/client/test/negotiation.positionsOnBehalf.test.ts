import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paragraphElement, writeDraft } from './draftDocs.js'
import {
  type ConferenceFixture,
  conferenceAudit,
  type Person,
  setUpConference,
} from './fixtures.js'
import { declarationPath, raw } from './rawHttp.js'

// The secretariat records a position stated in the room on a delegation's behalf: the body names
// the delegation, and the record says who recorded it, in every read, in the shared mirror and
// in the audit log. A delegate still sets only its own delegation's position, however the other
// delegation is spelt; an observer sets none.

let f: ConferenceFixture
let franceShared: TestClient
let japanShared: TestClient

const positions = () => `${declarationPath(f)}/positions`

async function history(person: Person = f.fra) {
  const answer = await raw(f, person, 'GET', `${declarationPath(f)}/paragraphs/op1/positions`)
  expect(answer.status).toBe(200)
  return answer.body as Array<{ delegation: string; note: string | null; recordedBy: string }>
}

beforeAll(async () => {
  f = await setUpConference()
  await writeDraft(f, [paragraphElement('op1', 'OP1', 'We will promote data free flow.')])
  franceShared = f.connect(f.shared(), f.fra.token)
  japanShared = f.connect(f.shared(), f.jpn.token)
  await Promise.all([synced(franceShared), synced(japanShared)])
})

afterAll(async () => {
  await f?.close()
})

describe('the secretariat records a position on a delegation’s behalf', () => {
  it('is stored, marked as recorded by the secretariat, for everyone and for that delegation', async () => {
    const answer = await raw(f, f.secretariat, 'PUT', positions(), {
      paragraphId: 'op1',
      delegation: 'FRA',
      value: 'objection',
      note: 'Stated in the room.',
    })
    expect(answer).toMatchObject({ status: 200, body: { ok: true } })
    // France reads it in the history, marked as the secretariat's record of its word.
    expect((await history(f.fra))[0]).toMatchObject({
      delegation: 'FRA',
      value: 'objection',
      setBy: 'Sakura Chair',
      recordedBy: 'secretariat',
    })
    // And in the shared mirror, as does every other member.
    for (const mirror of [franceShared, japanShared]) {
      await waitFor(
        () =>
          (mirror.doc.getMap('positions').get('op1/FRA') as { recordedBy?: string } | undefined)
            ?.recordedBy === 'secretariat',
        'the mirror marks the position as recorded by the secretariat',
      )
    }
    expect(franceShared.doc.getMap('positions').get('op1/FRA')).toMatchObject({
      value: 'objection',
      setBy: 'Sakura Chair',
      recordedBy: 'secretariat',
    })
    // The grid says so too.
    const grid = await raw(f, f.jpn, 'GET', positions())
    expect(grid.status).toBe(200)
    expect(
      grid.body.positions.find((p: { delegation: string }) => p.delegation === 'FRA'),
    ).toMatchObject({ paragraphId: 'op1', recordedBy: 'secretariat', setBy: 'Sakura Chair' })
  })

  it('is audited: who recorded it, for which delegation', async () => {
    const entry = (await conferenceAudit(f)).find(
      (e) =>
        e.action === 'position.set' &&
        e.outcome === 'ok' &&
        e.actor_user_id === f.secretariat.id &&
        e.detail.delegationId === f.delegations.FRA.id,
    )
    expect(entry?.detail).toMatchObject({ value: 'objection', recordedBy: 'secretariat' })
  })

  it('may name the delegation by id too', async () => {
    const answer = await raw(f, f.secretariat, 'PUT', positions(), {
      paragraphId: 'op1',
      delegationId: f.delegations.JPN.id,
      value: 'support',
    })
    expect(answer.status).toBe(200)
    expect((await history())[0]).toMatchObject({ delegation: 'JPN', recordedBy: 'secretariat' })
  })

  it('must name the delegation, and names it exactly', async () => {
    const before = await history()
    const unnamed = await raw(f, f.secretariat, 'PUT', positions(), {
      paragraphId: 'op1',
      value: 'support',
    })
    expect(unnamed).toMatchObject({ status: 400, body: { error: { code: 'invalid_request' } } })
    for (const [delegation, status] of [
      ['fra', 400],
      ['Fra', 400],
      ['FRA ', 400],
      ['ＦＲＡ', 400],
      ['XYZ', 404],
      ['FRANCE', 404],
    ] as const) {
      const answer = await raw(f, f.secretariat, 'PUT', positions(), {
        paragraphId: 'op1',
        delegation,
        value: 'support',
      })
      expect({ delegation, status: answer.status }).toEqual({ delegation, status })
    }
    // Two names for two delegations are not guessed between.
    const both = await raw(f, f.secretariat, 'PUT', positions(), {
      paragraphId: 'op1',
      delegation: 'FRA',
      delegationId: f.delegations.JPN.id,
      value: 'support',
    })
    expect(both.status).toBe(400)
    expect(await history()).toEqual(before)
  })

  it('only while the text is negotiated', async () => {
    const drafting = await f.createDeclaration('A zero draft', 'drafting')
    const answer = await raw(f, f.secretariat, 'PUT', `${declarationPath(f, drafting)}/positions`, {
      paragraphId: 'op1',
      delegation: 'FRA',
      value: 'support',
    })
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
  })
})

describe('a delegate or an observer using the on-behalf form', () => {
  const attempts: Array<[string, () => Person, Record<string, string>, number]> = [
    ['Japan naming FRA', () => f.jpn, { delegation: 'FRA' }, 403],
    ['Japan naming fra (a case change)', () => f.jpn, { delegation: 'fra' }, 400],
    ['Japan naming Fra', () => f.jpn, { delegation: 'Fra' }, 400],
    ['Japan naming " FRA"', () => f.jpn, { delegation: ' FRA' }, 400],
    ['Japan naming FRA in full-width letters', () => f.jpn, { delegation: 'ＦＲＡ' }, 400],
    ['Japan naming an unknown delegation', () => f.jpn, { delegation: 'XYZ' }, 404],
    ['Japan naming B20', () => f.jpn, { delegation: 'B20' }, 403],
    ['Japan naming France by id', () => f.jpn, { delegationId: '' }, 403],
    ['Japan naming France by an upper-case id', () => f.jpn, { delegationId: 'upper' }, 400],
    ['Japan naming an unknown id', () => f.jpn, { delegationId: 'nosuchdelegation' }, 403],
    ['France naming JPN', () => f.fra, { delegation: 'JPN' }, 403],
    ['an observer naming FRA', () => f.observer, { delegation: 'FRA' }, 403],
    ['an observer naming nobody', () => f.observer, {}, 403],
  ]

  for (const [what, actor, naming, status] of attempts) {
    it(`is refused and stores nothing: ${what}`, async () => {
      const before = await history()
      const resolved = { ...naming }
      if (resolved.delegationId === '') resolved.delegationId = f.delegations.FRA.id
      if (resolved.delegationId === 'upper')
        resolved.delegationId = f.delegations.FRA.id.toUpperCase()
      const answer = await raw(f, actor(), 'PUT', positions(), {
        paragraphId: 'op1',
        value: 'objection',
        note: 'forged',
        ...resolved,
      })
      expect({ what, status: answer.status }).toEqual({ what, status })
      expect(await history()).toEqual(before)
      expect(
        Object.values(franceShared.doc.getMap('positions').toJSON()).some(
          (p) => (p as { note: string | null }).note === 'forged',
        ),
      ).toBe(false)
    })
  }

  it('leaves a delegate its own position, by code or by default, marked as its own', async () => {
    for (const naming of [{ delegation: 'JPN' }, {}]) {
      const answer = await raw(f, f.jpn, 'PUT', positions(), {
        paragraphId: 'op1',
        value: 'flexible',
        ...naming,
      })
      expect(answer.status).toBe(200)
      expect((await history())[0]).toMatchObject({
        delegation: 'JPN',
        setBy: 'Aiko Tanaka',
        recordedBy: 'delegation',
      })
    }
  })
})
