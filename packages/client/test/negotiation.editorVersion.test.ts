import { EDITOR_SCHEMA_VERSION, MIN_COMPATIBLE_EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { CloseCode } from '@accord/protocol'
import { connectClient, synced, waitFor } from '@accord/server/testing'
import { rawClient } from '@accord/server/testing/raw-client'
import { probeRelay } from '@accord/server/testing/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { draftFragment, paragraphElement, readParagraph, writeDraft } from './draftDocs.js'
import { type ConferenceFixture, closeCodesOf, type Person, setUpConference } from './fixtures.js'

// The draft is edited through one schema. A client of another schema version could write content
// this server misreads, or drop attributes it does not know (paragraph ids, proposals), so the
// relay refuses it before sending a single byte of the document, with a code of its own.

const TEXT = 'We will promote data free flow with trust.'

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
  await writeDraft(f, [paragraphElement('op1', 'OP1', TEXT)])
})

afterAll(async () => {
  await f?.close()
})

function target(person: Person, editor: string | null): string {
  const query = `token=${encodeURIComponent(person.token)}`
  return `/sync/${f.draft()}?${query}${editor === null ? '' : `&editor=${editor}`}`
}

const OUTDATED: Array<[string, string | null]> = [
  ['an older editor (0)', String(MIN_COMPATIBLE_EDITOR_SCHEMA_VERSION - 1)],
  ['a newer editor (999)', '999'],
  ['no editor version at all', null],
  ['an editor version that is not a number', 'latest'],
]

describe('a client whose editor schema is not compatible', () => {
  for (const [what, editor] of OUTDATED) {
    it(`is refused on the draft with IncompatibleClient and zero bytes: ${what}`, async () => {
      for (const person of [f.jpn, f.secretariat]) {
        const probe = await probeRelay(f.server.port, target(person, editor))
        expect(probe, person.name).toMatchObject({
          status: 101,
          code: CloseCode.IncompatibleClient,
          binaryFrames: 0,
          binaryBytes: 0,
          open: false,
        })
      }
    })
  }

  it('is told why in the close reason', async () => {
    const raw = rawClient(`${f.wsBase}${target(f.jpn, '0').slice('/sync'.length)}`)
    const closed = await raw.closed
    expect(closed.code).toBe(CloseCode.IncompatibleClient)
    expect(closed.reason).toMatch(/editor schema 0 is not supported/)
    expect(raw.receivedBytes()).toBe(0)
  })

  it('is told to send the parameter when it sent none', async () => {
    const raw = rawClient(`${f.wsBase}${target(f.jpn, null).slice('/sync'.length)}`)
    const closed = await raw.closed
    expect(closed.code).toBe(CloseCode.IncompatibleClient)
    expect(closed.reason).toBe(
      `a draft needs the editor parameter: connect with ?editor=${EDITOR_SCHEMA_VERSION}`,
    )
  })

  it('gets nothing into a stock provider, whose document stays empty', async () => {
    const client = connectClient(f.wsBase, f.draft(), {
      params: { token: f.jpn.token, editor: '0' },
    })
    const codes = closeCodesOf(client)
    try {
      await waitFor(() => codes.includes(CloseCode.IncompatibleClient), 'refused')
      expect(client.provider.synced).toBe(false)
      expect(draftFragment(client.doc).length).toBe(0)
    } finally {
      client.destroy()
    }
  })
})

describe('a client of the current editor schema', () => {
  it(`is accepted on the draft (editor=${EDITOR_SCHEMA_VERSION}) and gets the text`, async () => {
    const probe = await probeRelay(f.server.port, target(f.jpn, String(EDITOR_SCHEMA_VERSION)), {
      minFrames: 2,
    })
    expect(probe.status).toBe(101)
    expect(probe.open).toBe(true)
    expect(probe.code).toBeNull()
    expect(probe.payload.includes(Buffer.from(TEXT, 'utf8'))).toBe(true)

    const client = f.connect(f.draft(), f.jpn.token)
    await synced(client)
    expect(readParagraph(client.doc, 'op1')?.text).toBe(TEXT)
  })
})
