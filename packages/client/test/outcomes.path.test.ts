import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { synced, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paragraphElement, writeDraft } from './draftDocs.js'
import {
  type ConferenceFixture,
  expectStatus,
  negotiationApi,
  setUpConference,
} from './fixtures.js'
import { watchMirror } from './mirrorDelivery.js'
import { propose, setStatus, stageOf } from './outcomeSteps.js'

// The whole path against a running server, as the people involved take it: the chair writes and
// issues the zero draft; Japan proposes wording; the chair accepts it, agrees every paragraph and
// issues Rev.1, and compares it with the zero draft; silence starts, France breaks it with a
// reason, it starts again and ends at its deadline in adoption; the portal serves the text; and
// the bundle downloaded from it verifies offline, with `pnpm accord verify`, once the server is gone.

const SCRIPT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'server',
  'src',
  'cli',
  'accord.ts',
)

let f: ConferenceFixture
const param = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })
const chairApi = () => negotiationApi(f.secretariat)

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(() => f.close())

describe('from the zero draft to a verified published text', () => {
  it('takes a declaration through revisions, silence, adoption, the portal and offline verification', {
    timeout: 120_000,
  }, async () => {
    // The zero draft.
    await writeDraft(f, [
      paragraphElement('pathpp1', 'PP1', 'Recalling the Osaka Track,', 'preambular'),
      paragraphElement('pathop1', 'OP1', 'We will promote data free flow with trust.'),
      paragraphElement('pathop2', 'OP2', 'We support digitalization for the SDGs.'),
    ])
    const zero = await (await chairApi().revisions.$post({ param: param(), json: {} })).json()
    expect(zero.name).toBe('Zero draft')

    // Japan proposes; the chair accepts and agrees every paragraph; Rev.1.
    await propose(f, f.jpn, f.declarationId, 'pathop1', 41, ' and security', {
      id: 'jpn-path',
      delegation: 'JPN',
      action: 'insert',
      alternative: null,
    })
    const accepted = await chairApi()['proposal-decisions'].$post({
      param: param(),
      json: { paragraphId: 'pathop1', proposalId: 'jpn-path', decision: 'accepted' },
    })
    await expectStatus(accepted, 200, 'accepted')
    for (const pid of ['pathpp1', 'pathop1', 'pathop2'])
      await setStatus(f, f.declarationId, pid, 'agreed')
    const rev1 = await (await chairApi().revisions.$post({ param: param(), json: {} })).json()
    expect(rev1.name).toBe('Rev.1')
    expect(rev1.historyLength).toBe(3)

    // Rev.1 against the zero draft.
    const comparison = await (
      await chairApi().revisions.compare.$get({
        param: param(),
        query: { from: zero.id, to: rev1.id },
      })
    ).json()
    const op1 = comparison.paragraphs.find((p) => p.id === 'pathop1')!
    expect(op1).toMatchObject({ change: 'changed', fromStatus: 'open', toStatus: 'agreed' })
    expect(
      op1.words
        .filter((w) => w.added)
        .map((w) => w.value)
        .join(''),
    ).toContain('security')

    // Silence, broken by France with a reason, seen live by Japan.
    const japanShared = f.connect(f.shared(), f.jpn.token)
    await synced(japanShared)
    const silence = watchMirror(japanShared, 'silence')
    const first = await (
      await chairApi().silence.$post({
        param: param(),
        json: { deadline: Date.now() + 60_000, message: 'Silence until Friday noon.' },
      })
    ).json()
    expect(await stageOf(f, f.declarationId)).toBe('silence')
    await silence.after(
      async () => {
        const broken = await negotiationApi(f.fra).silence.break.$post({
          param: param(),
          json: { reason: 'France needs to consult its capital on OP2.' },
        })
        await expectStatus(broken, 200, 'break')
      },
      (map) => (map.get(first.id) as { state?: string } | undefined)?.state === 'broken',
      'Japan sees France break silence',
    )
    expect(silence.map.get(first.id)).toMatchObject({
      brokenBy: 'FRA',
      reason: 'France needs to consult its capital on OP2.',
    })
    expect(await stageOf(f, f.declarationId)).toBe('negotiating')

    // Started again; nobody breaks it; adopted at the deadline.
    const deadline = Date.now() + 1_500
    const second = await (
      await chairApi().silence.$post({ param: param(), json: { deadline } })
    ).json()
    await waitFor(
      () => (silence.map.get(second.id) as { state?: string } | undefined)?.state === 'adopted',
      'adopted at the deadline',
      15_000,
    )
    expect((silence.map.get(second.id) as { endedAt: number }).endedAt).toBeGreaterThanOrEqual(
      deadline,
    )
    expect(await stageOf(f, f.declarationId)).toBe('adopted')

    // The portal serves it.
    const listed = await (
      await f.observer.api.conferences[':conferenceId'].publications.$get({
        param: { conferenceId: f.conferenceId },
      })
    ).json()
    const [publication] = listed.publications
    expect(publication).toMatchObject({ declarationId: f.declarationId, kind: 'declaration' })
    const home = await (await fetch(`${f.server.url}/`)).text()
    expect(home).toContain(`href="${publication!.url}"`)
    const page = await (await fetch(`${f.server.url}${publication!.url}`)).text()
    expect(page).toContain(
      '<span class="num">2.</span>We will promote data free flow with trust and security.',
    )
    expect(page).toMatch(
      /Adopted by consensus after the silence procedure ended on \d+ \w+ \d{4} without objection\./,
    )
    const bundle = await (await fetch(`${f.server.url}${publication!.url}/bundle.json`)).text()
    const { fingerprint } = (await (
      await fetch(`${f.server.url}/.well-known/accord-signing-key`)
    ).json()) as {
      fingerprint: string
    }

    // Offline: the server is gone; the bundle verifies with the command an observer runs.
    await f.server.close()
    const file = join(f.dataDir, 'downloaded.accord-bundle.json')
    writeFileSync(file, bundle)
    const verified = spawnSync(
      process.execPath,
      ['--import', 'tsx', SCRIPT, 'verify', file, '--key', fingerprint],
      {
        cwd: join(dirname(SCRIPT), '..', '..'),
        env: {
          ...process.env,
          INIT_CWD: f.dataDir,
          ACCORD_DATA_DIR: 'nowhere',
          LOG_LEVEL: 'silent',
        },
        encoding: 'utf8',
        timeout: 60_000,
      },
    )
    expect(verified.stderr).toBe('')
    expect(verified.status).toBe(0)
    expect(verified.stdout).toContain('verified: Osaka Declaration')
    expect(verified.stdout).toContain('the key you trust')
    expect(verified.stdout).toContain('after the silence procedure ended')
  })
})
