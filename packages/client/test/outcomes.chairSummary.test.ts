import { verifyBundle } from '@accord/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ConferenceFixture,
  expectStatus,
  negotiationApi,
  type Person,
  setUpConference,
} from './fixtures.js'
import { agreedDeclaration, propose, setStatus, stageOf } from './outcomeSteps.js'

// When consensus fails, the chair's summary: the agreed paragraphs, and the points of
// disagreement attributed to the delegations that hold them (from statuses, brackets and
// positions), published and signed like a declaration and marked as a chair's summary.

let f: ConferenceFixture
let b20: Person
let declarationId: string
const param = () => ({ conferenceId: f.conferenceId, declarationId })

beforeAll(async () => {
  f = await setUpConference()
  b20 = await f.invite('delegate', 'B20', 'Bea Business')
  declarationId = await f.createDeclaration('Osaka Ministerial Statement', 'negotiating')
  await agreedDeclaration(f, declarationId, [
    ['csop1', 'OP1', 'We commit to act.'],
    ['csop2', 'OP2', 'We will phase out subsidies.'],
    ['csop3', 'OP3', 'We will meet again.'],
  ])
  await setStatus(f, declarationId, 'csop2', 'open')
  await propose(f, f.jpn, declarationId, 'csop2', 27, ' gradually', {
    id: 'jpn-cs1',
    delegation: 'JPN',
    action: 'insert',
    alternative: null,
  })
  for (const [person, value, note] of [
    [f.fra, 'objection', 'Too weak.'],
    [b20, 'reservation', null],
    [f.jpn, 'support', null],
  ] as const) {
    const response = await negotiationApi(person).positions.$put({
      param: param(),
      json: { paragraphId: 'csop2', value, note },
    })
    await expectStatus(response, 200, `position ${value}`)
  }
})

afterAll(() => f.close())

describe("the chair's summary", () => {
  it('is issued by the secretariat only', async () => {
    const byDelegate = await negotiationApi(f.jpn)['chair-summary'].$post({ param: param() })
    expect(byDelegate.status).toBe(403)
    const byObserver = await negotiationApi(f.observer)['chair-summary'].$post({ param: param() })
    expect(byObserver.status).toBe(403)
  })

  it('publishes the agreed paragraphs and the attributed points of disagreement, signed and marked', async () => {
    const response = await negotiationApi(f.secretariat)['chair-summary'].$post({ param: param() })
    await expectStatus(response, 201, 'chair summary')
    const summary = await response.json()
    expect(summary.kind).toBe('chair_summary')
    const bundle = await f.server.services.outcomes.publications.bundle(summary.id)
    expect(
      await verifyBundle(bundle, { trustedKey: f.server.services.outcomes.key.fingerprint }),
    ).toMatchObject({ ok: true })
    expect(bundle.manifest.kind).toBe('chair_summary')
    expect(bundle.manifest.adoption.mode).toBe('summary')
    const text = JSON.parse(bundle.files['text.json']) as {
      paragraphs: { number: number; workingLabel: string }[]
      disagreements: { workingLabel: string; text: string; views: string[] }[]
    }
    expect(text.paragraphs.map((p) => [p.number, p.workingLabel])).toEqual([
      [1, 'OP1'],
      [2, 'OP3'],
    ])
    expect(text.disagreements).toEqual([
      {
        workingLabel: 'OP2',
        text: 'We will phase out subsidies[JPN:  gradually].',
        views: [
          'JPN proposes to insert: “gradually”',
          'FRA objects (Too weak.)',
          'B20 (advisory) has a reservation',
        ],
      },
    ])
    const page = await (await fetch(`${f.server.url}${summary.url}`)).text()
    expect(page).toContain('<p class="summary-kind">Chair&#39;s summary</p>')
    expect(page).toContain('Points of disagreement')
    expect(page).toContain('FRA objects (Too weak.)')
    const home = await (await fetch(`${f.server.url}/`)).text()
    expect(home).toContain('Chair&#39;s summary')
    // It adopts nothing.
    expect(await stageOf(f, declarationId)).toBe('negotiating')
  })
})
