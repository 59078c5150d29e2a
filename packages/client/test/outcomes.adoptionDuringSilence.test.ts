import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ConferenceFixture,
  expectStatus,
  negotiationApi,
  setUpConference,
} from './fixtures.js'
import { agreedDeclaration, stageOf, startSilence } from './outcomeSteps.js'

// The secretariat may adopt by decision while the text is under silence (the plain stage change
// to adopted). The running procedure then ends as adopted, at once and for everyone: a record
// that still said "under silence" after adoption, until the deadline came, would tell delegates
// they could still break it.

let f: ConferenceFixture
let declarationId: string
let japanShared: TestClient
const param = () => ({ conferenceId: f.conferenceId, declarationId })

interface Silence {
  id: string
  state: string
  endedAt: number | null
}

beforeAll(async () => {
  f = await setUpConference()
  declarationId = await f.createDeclaration('Decision Declaration', 'negotiating')
  await agreedDeclaration(f, declarationId, [
    ['dsop1', 'OP1', 'We commit to act.'],
    ['dsop2', 'OP2', 'We will report in 2027.'],
  ])
  japanShared = f.connect(f.shared(declarationId), f.jpn.token)
  await synced(japanShared)
})

afterAll(() => f.close())

describe('adoption by decision during silence', () => {
  it('ends the running procedure as adopted, in the record and in the mirror', async () => {
    const started = (await startSilence(f, declarationId, Date.now() + 3_600_000)) as Silence
    const response = await f.secretariat.api.conferences[':conferenceId'].declarations[
      ':declarationId'
    ].stage.$put({ param: param(), json: { stage: 'adopted' } })
    await expectStatus(response, 200, 'adopt by decision')
    const mirrored = japanShared.doc.getMap('silence')
    await waitFor(
      () => (mirrored.get(started.id) as Silence | undefined)?.state === 'adopted',
      'Japan sees the procedure end in adoption',
      10_000,
    )
    expect(await stageOf(f, declarationId)).toBe('adopted')
    const listed = (await (
      await negotiationApi(f.secretariat).silence.$get({ param: param() })
    ).json()) as Silence[]
    expect(listed).toHaveLength(1)
    expect(listed[0]).toMatchObject({ id: started.id, state: 'adopted' })
    expect(listed[0]!.endedAt).toEqual(expect.any(Number))
  })
})
