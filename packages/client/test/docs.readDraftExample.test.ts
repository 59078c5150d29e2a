import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { paragraphElement } from './draftDocs.js'
import { type ConferenceFixture, setUpConference } from './fixtures.js'

// docs/api.md tells readers to run this script; this test runs it as they would.
const SCRIPT = fileURLToPath(new URL('../examples/read-draft.mjs', import.meta.url))

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(async () => {
  await f?.close()
})

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk) => {
      stdout += chunk
    })
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

it('the docs/api.md example signs in and prints the draft with its brackets', async () => {
  const chair = f.connect(f.draft(), f.secretariat.token)
  await waitFor(() => chair.provider.synced, 'chair synced')
  chair.doc
    .getXmlFragment('default')
    .insert(0, [
      paragraphElement('ex1', 'OP1', 'Promote data free flow with trust.'),
      paragraphElement('ex2', 'OP2', 'Strengthen the security of the digital economy.'),
    ])
  const jpn = f.connect(f.draft(), f.jpn.token)
  await waitFor(
    () => jpn.provider.synced && jpn.doc.getXmlFragment('default').length >= 2,
    'JPN has the draft',
  )
  const op1 = jpn.doc.getXmlFragment('default').get(0) as Y.XmlElement
  ;(op1.get(0) as Y.XmlText).insert('Promote data free flow with trust'.length, ' and openness', {
    proposal: { id: 'jpn-example-1', delegation: 'JPN', action: 'insert', alternative: null },
  })
  await waitFor(
    () =>
      ((chair.doc.getXmlFragment('default').get(0) as Y.XmlElement).get(0) as Y.XmlText).length >
      40,
    'the proposal reached the relay',
  )

  const server = f.apiBase.replace(/\/api$/, '')
  const out = await run([server, f.fra.email, f.fra.password, f.conferenceId, f.declarationId])
  expect(out.stderr).toBe('')
  expect(out.code).toBe(0)
  const lines = out.stdout.trim().split('\n')
  expect(lines).toContain('OP1\tPromote data free flow with trust[ and openness]JPN.')
  expect(lines).toContain('OP2\tStrengthen the security of the digital economy.')
})

it('says what is wrong when the password is', async () => {
  const server = f.apiBase.replace(/\/api$/, '')
  const out = await run([server, f.fra.email, 'not the password at all'])
  expect(out.code).not.toBe(0)
  expect(out.stderr).toContain('invalid_credentials')
})
