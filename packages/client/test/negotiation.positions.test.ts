import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError } from '../src/index.js'
import { paragraphElement, writeDraft } from './draftDocs.js'
import {
  type ConferenceFixture,
  conferenceAudit,
  expectStatus,
  negotiationApi,
  type Person,
  setUpConference,
} from './fixtures.js'

// A position is a delegation's word on a paragraph: only that delegation's own members set it.
// Every refused attempt must leave nothing behind: no history entry, no mirror entry.

let f: ConferenceFixture
let b20: Person
let shared: TestClient

const param = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })

async function history(paragraphId: string) {
  const response = await negotiationApi(f.fra).paragraphs[':paragraphId'].positions.$get({
    param: { ...param(), paragraphId },
  })
  await expectStatus(response, 200, 'position history')
  return response.json()
}

beforeAll(async () => {
  f = await setUpConference()
  b20 = await f.invite('delegate', 'B20', 'Bo Business')
  await writeDraft(f, [
    paragraphElement('op1', 'OP1', 'We will promote data free flow with trust.'),
  ])
  shared = f.connect(f.shared(), f.jpn.token)
  await synced(shared)
  // Each delegation's own position: what the refused attempts must not overwrite.
  for (const [person, value] of [
    [f.jpn, 'support'],
    [f.fra, 'reservation'],
    [b20, 'flexible'],
  ] as const) {
    const own = await negotiationApi(person).positions.$put({
      param: param(),
      json: { paragraphId: 'op1', value, note: `${person.name} speaks for their own delegation` },
    })
    await expectStatus(own, 200, `own position of ${person.name}`)
  }
  await waitFor(() => shared.doc.getMap('positions').size === 3, 'the three positions are mirrored')
})

afterAll(async () => {
  await f?.close()
})

describe('a position for another delegation', () => {
  const attempts: Array<[string, () => Person, 'JPN' | 'FRA' | 'B20']> = [
    ['Japan for France', () => f.jpn, 'FRA'],
    ['France for Japan', () => f.fra, 'JPN'],
    ['the B20 for Japan', () => b20, 'JPN'],
    ['Japan for the B20', () => f.jpn, 'B20'],
    ['an observer for Japan', () => f.observer, 'JPN'],
  ]

  for (const [what, actor, code] of attempts) {
    it(`is forbidden and stores nothing: ${what}`, async () => {
      const person = actor()
      const before = await history('op1')
      const positionsBefore = shared.doc.getMap('positions').toJSON()
      const response = await negotiationApi(person).positions.$put({
        param: param(),
        json: {
          paragraphId: 'op1',
          delegationId: f.delegations[code].id,
          value: 'objection',
          note: 'forged',
        },
      })
      expect(response.status).toBe(403)
      expect(await apiError(response)).toMatchObject({ code: 'forbidden' })
      expect(await history('op1')).toEqual(before)
      // A later, legitimate change reaches the mirror; the refused one never did.
      const marker = await negotiationApi(f.jpn).positions.$put({
        param: param(),
        json: { paragraphId: 'op1', value: 'support', note: `after: ${what}` },
      })
      await expectStatus(marker, 200, 'a later position of Japan')
      await waitFor(
        () =>
          (shared.doc.getMap('positions').get('op1/JPN') as { note?: string } | undefined)?.note ===
          `after: ${what}`,
        'the later position reached the mirror',
      )
      const positions = shared.doc.getMap('positions').toJSON() as Record<
        string,
        { value: string; note: string | null }
      >
      if (code !== 'JPN') expect(positions[`op1/${code}`]).toEqual(positionsBefore[`op1/${code}`])
      expect(Object.values(positions).some((p) => p.note === 'forged')).toBe(false)
      expect((await history('op1')).some((entry) => entry.note === 'forged')).toBe(false)
    })
  }

  it('is audited as a denied position.set', async () => {
    const denied = (await conferenceAudit(f)).filter(
      (entry) => entry.action === 'position.set' && entry.outcome === 'denied',
    )
    expect(denied.map((entry) => entry.actor_user_id)).toEqual(
      expect.arrayContaining([f.jpn.id, f.fra.id, b20.id, f.observer.id]),
    )
  })
})

describe('the history of positions', () => {
  it('keeps every change of a delegation’s own position, newest first, with who set it', async () => {
    const entries = await history('op1')
    const japan = entries.filter((entry) => entry.delegation === 'JPN')
    expect(japan.at(-1)).toMatchObject({ value: 'support', setBy: f.jpn.name })
    expect(japan[0]?.note).toBe('after: an observer for Japan')
    expect(entries.find((entry) => entry.delegation === 'FRA')).toMatchObject({
      value: 'reservation',
      setBy: f.fra.name,
    })
    const times = entries.map((entry) => entry.setAt)
    expect([...times].sort((a, b) => b - a)).toEqual(times)
  })
})
