import { startPolicyServer, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ApiClient, createApiClient } from '../src/index.js'
import { eventually } from './draftDocs.js'
import { type ConferenceFixture, setUpConference } from './fixtures.js'
import { agreedDeclaration, startSilence } from './outcomeSteps.js'

// Silence survives a restart: a deadline that passed while the server was stopped is honoured
// when it starts again (then, not before, and not never), and a deadline still ahead is re-armed.

let f: ConferenceFixture
let restarted: Awaited<ReturnType<typeof startPolicyServer>> | null = null

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(async () => {
  await restarted?.close()
  await f.close()
})

async function silenceOf(api: ApiClient, declarationId: string) {
  const response = await api.conferences[':conferenceId'].declarations[
    ':declarationId'
  ].silence.$get({
    param: { conferenceId: f.conferenceId, declarationId },
  })
  return (await response.json()).at(-1)
}

async function restart(): Promise<ApiClient> {
  await (restarted ?? f.server).close()
  restarted = await startPolicyServer(f.dataDir)
  // Sessions are in the database: the same token works on the new server.
  return createApiClient(`${restarted.url}/api`, { token: f.secretariat.token })
}

describe('silence across a restart', () => {
  it('adopts at start a declaration whose deadline passed while the server was down, and re-arms one still ahead', async () => {
    const passed = await f.createDeclaration('Passed while down', 'negotiating')
    const ahead = await f.createDeclaration('Still ahead', 'negotiating')
    await agreedDeclaration(f, passed, [['downp1', 'OP1', 'We commit to act.']])
    await agreedDeclaration(f, ahead, [['aheadp1', 'OP1', 'We commit to report.']])
    const passedDeadline = Date.now() + 1_000
    // Far enough ahead to outlast the restart by seconds.
    const aheadDeadline = Date.now() + 8_000
    await startSilence(f, passed, passedDeadline)
    await startSilence(f, ahead, aheadDeadline)
    await f.server.close()
    await waitFor(
      () => Date.now() > passedDeadline + 300,
      'the first deadline passed while stopped',
    )
    const startedAt = Date.now()
    const api = await restart()
    await eventually(
      async () => (await silenceOf(api, passed))?.state === 'adopted',
      'adopted at start',
    )
    const procedure = await silenceOf(api, passed)
    expect(procedure).toMatchObject({ state: 'adopted', deadline: passedDeadline })
    expect(procedure!.endedAt).toBeGreaterThanOrEqual(startedAt)
    const services = restarted!.services
    expect((await services.conferences.declaration(f.conferenceId, passed))?.stage).toBe('adopted')
    const published = await services.outcomes.publications.list(f.conferenceId)
    expect(published.map((p) => p.declarationId)).toEqual([passed])
    const bundle = await services.outcomes.publications.bundle(published[0]!.id)
    expect(bundle.manifest.adoption).toMatchObject({
      mode: 'silence',
      silenceEndedAt: passedDeadline,
    })

    // The other is still running, re-armed, and ends at its own deadline.
    expect(Date.now()).toBeLessThan(aheadDeadline)
    expect(await silenceOf(api, ahead)).toMatchObject({ state: 'running' })
    await eventually(
      async () => (await silenceOf(api, ahead))?.state === 'adopted',
      'adopted at its deadline',
      aheadDeadline - Date.now() + 10_000,
    )
    expect((await silenceOf(api, ahead))!.endedAt).toBeGreaterThanOrEqual(aheadDeadline)
  })
})
