import { verifyBundle } from '@accord/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError } from '../src/index.js'
import {
  type ConferenceFixture,
  expectStatus,
  negotiationApi,
  setUpConference,
} from './fixtures.js'
import { agreedDeclaration, propose, setStatus, stageOf } from './outcomeSteps.js'

// Adoption is an act, not a bare stage change: the plain change to `adopted` goes through it. It
// refuses a text with open brackets or paragraphs not agreed, naming them, and a decision with a
// deciding delegation's objection on record; it assigns final numbers beside the working labels,
// renders HTML, text and canonical JSON, and publishes a bundle signed with the server's key.

let f: ConferenceFixture
let declarationId: string
const param = () => ({ conferenceId: f.conferenceId, declarationId })

function setStage(stage: 'negotiating' | 'silence' | 'adopted') {
  return f.secretariat.api.conferences[':conferenceId'].declarations[':declarationId'].stage.$put({
    param: param(),
    json: { stage },
  })
}

beforeAll(async () => {
  f = await setUpConference()
  declarationId = await f.createDeclaration('Osaka Leaders’ Declaration', 'negotiating')
  await agreedDeclaration(f, declarationId, [
    ['adpp1', 'PP1', 'Recalling the Osaka Track,'],
    ['adop1', 'OP1', 'We commit to act.'],
    ['adop1b', 'OP1bis', 'We will report in 2027.'],
  ])
})

afterAll(() => f.close())

describe('adoption', () => {
  it('refuses a text with an open bracket or a paragraph not agreed, naming them', async () => {
    await setStatus(f, declarationId, 'adop1b', 'open')
    await propose(f, f.jpn, declarationId, 'adop1b', 22, ' at the latest', {
      id: 'jpn-ad1',
      delegation: 'JPN',
      action: 'insert',
      alternative: null,
    })
    await setStatus(f, declarationId, 'adop1', 'ad_ref')
    await expectStatus(await setStage('silence'), 200, 'plain silence')
    const refused = await setStage('adopted')
    expect(refused.status).toBe(409)
    const { message } = (await apiError(refused))!
    expect(message).toContain('open brackets in OP1bis (JPN)')
    expect(message).toContain('not agreed: OP1 (agreed ad ref); OP1bis (open)')
    expect(message).not.toContain('PP1')
    expect(await stageOf(f, declarationId)).toBe('silence')
    expect(await f.server.services.outcomes.publications.list(f.conferenceId)).toEqual([])
  })

  it('refuses a decision while a deciding delegation objects', async () => {
    await expectStatus(await setStage('negotiating'), 200, 'back to negotiating')
    const decided = await negotiationApi(f.secretariat)['proposal-decisions'].$post({
      param: param(),
      json: { paragraphId: 'adop1b', proposalId: 'jpn-ad1', decision: 'rejected' },
    })
    await expectStatus(decided, 200, 'proposal rejected')
    await setStatus(f, declarationId, 'adop1', 'agreed')
    await setStatus(f, declarationId, 'adop1b', 'agreed')
    const objection = await negotiationApi(f.fra).positions.$put({
      param: param(),
      json: { paragraphId: 'adop1', value: 'objection' },
    })
    await expectStatus(objection, 200, 'objection')
    await expectStatus(await setStage('silence'), 200, 'plain silence')
    const refused = await setStage('adopted')
    expect(refused.status).toBe(409)
    expect((await apiError(refused))!.message).toContain('OP1 (FRA object)')
  })

  it('adopts by decision: final numbers beside working labels, three renderings, a signed bundle', async () => {
    // France withdraws its objection; positions are set while negotiating.
    await expectStatus(await setStage('negotiating'), 200, 'back to negotiating')
    const support = await negotiationApi(f.fra).positions.$put({
      param: param(),
      json: { paragraphId: 'adop1', value: 'support' },
    })
    await expectStatus(support, 200, 'support')
    await expectStatus(await setStage('silence'), 200, 'plain silence')
    await expectStatus(await setStage('adopted'), 200, 'adoption')
    expect(await stageOf(f, declarationId)).toBe('adopted')
    const [published] = await f.server.services.outcomes.publications.list(f.conferenceId)
    const bundle = await f.server.services.outcomes.publications.bundle(published!.id)
    const text = JSON.parse(bundle.files['text.json']) as {
      paragraphs: { number: number | null; workingLabel: string; text: string }[]
    }
    expect(text.paragraphs.map((p) => [p.number, p.workingLabel, p.text])).toEqual([
      [1, 'PP1', 'Recalling the Osaka Track,'],
      [2, 'OP1', 'We commit to act.'],
      [3, 'OP1bis', 'We will report in 2027.'],
    ])
    expect(bundle.files['text.txt']).toContain('3. We will report in 2027.')
    expect(bundle.files['text.html']).toMatch(
      /<span class="num">3\.<\/span>We will report in 2027\./,
    )
    expect(bundle.files['text.html']).toContain('Osaka Leaders’ Declaration')
    expect(bundle.manifest.adoption.mode).toBe('decision')
    expect(bundle.manifest.adoption.statement).toMatch(/^Adopted by consensus on /)
    expect(bundle.manifest.previousPublication).toBeNull()
    const key = f.server.services.outcomes.key
    expect(await verifyBundle(bundle, { trustedKey: key.fingerprint })).toMatchObject({ ok: true })
    // The history the bundle cites is the server's, links only: no draft text travels with it.
    expect(bundle.manifest.history.head).toBe(
      (await f.server.services.outcomes.history.head(declarationId)).hash,
    )
    expect(JSON.stringify(bundle.history)).not.toContain('at the latest')
  })

  it('is final: the stage cannot move and a second adoption is refused', async () => {
    expect((await setStage('negotiating')).status).toBe(409)
    expect((await setStage('adopted')).status).toBe(409)
    expect(await f.server.services.outcomes.publications.list(f.conferenceId)).toHaveLength(1)
  })
})
