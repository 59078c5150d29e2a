import { EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { CloseCode, isDocumentName } from '@accord/protocol'
import { synced, waitFor } from '@accord/server/testing'
import { rawClient } from '@accord/server/testing/raw-client'
import { probeRelay } from '@accord/server/testing/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type ConferenceFixture, closeCodesOf, setUpConference } from './fixtures.js'
import { QUERY_AWARENESS, SYNC_STEP1_EMPTY } from './frames.js'

// France's private notes: if any byte of this reached Japan, the text would be in it.
const FRENCH_NOTE = 'FRA fallback: accept OP7 if the 2030 target stays'

let f: ConferenceFixture
/** The canonical name of France's private document for the declaration. */
let fraDoc: string
let cid: string
let did: string
let fraId: string
let jpnId: string

beforeAll(async () => {
  f = await setUpConference()
  cid = f.conferenceId
  did = f.declarationId
  fraId = f.delegations.FRA.id
  jpnId = f.delegations.JPN.id
  fraDoc = f.delegationDoc('FRA')
  // The delegation mirror is written by the server only; seed it through the real store.
  const seed = new Y.Doc()
  seed.getMap('notes').set('op7', FRENCH_NOTE)
  await f.server.store.append(fraDoc, Y.encodeStateAsUpdate(seed))
  seed.destroy()
  // A French delegate is present, so a leaked connection would also receive awareness.
  const present = f.connect(fraDoc, f.fra.token)
  present.provider.awareness.setLocalStateField('cursor', { paragraph: 'op7' })
  await synced(present)
})

afterAll(async () => {
  await f?.close()
})

function token(t: string) {
  return `?token=${encodeURIComponent(t)}&editor=${EDITOR_SCHEMA_VERSION}`
}

function percent(char: string): string {
  return `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`
}

describe('a delegate cannot read another delegation’s private document', () => {
  it('the French delegate reads it (the probe can see document bytes when access is granted)', async () => {
    // Awareness (France is present) and the answer to sync step 1 (the whole document).
    const probe = await probeRelay(f.server.port, `/sync/${fraDoc}${token(f.fra.token)}`, {
      minFrames: 2,
    })
    expect(probe.status).toBe(101)
    expect(probe.open).toBe(true)
    expect(probe.binaryFrames).toBeGreaterThanOrEqual(2)
    expect(probe.payload.includes(Buffer.from(FRENCH_NOTE))).toBe(true)
    expect(probe.payload.includes(Buffer.from(f.fra.name))).toBe(true)
  })

  it('the canonical name is closed with Forbidden for the Japanese delegate, before any byte', async () => {
    const probe = await probeRelay(f.server.port, `/sync/${fraDoc}${token(f.jpn.token)}`)
    expect(probe).toMatchObject({ status: 101, code: CloseCode.Forbidden, binaryFrames: 0 })
    // The Japanese delegate's own delegation document opens with the same token.
    const own = await probeRelay(
      f.server.port,
      `/sync/${f.delegationDoc('JPN')}${token(f.jpn.token)}`,
    )
    expect(own.status).toBe(101)
    expect(own.open).toBe(true)
  })

  it('a stock provider of the Japanese delegate is closed with Forbidden and receives nothing', async () => {
    const spy = f.connect(fraDoc, f.jpn.token)
    const codes = closeCodesOf(spy)
    await waitFor(() => codes.length > 0, 'the provider was closed')
    expect(codes).toEqual([CloseCode.Forbidden])
    expect(spy.provider.synced).toBe(false)
    expect(spy.doc.getMap('notes').size).toBe(0)
    expect([...spy.provider.awareness.getStates().keys()]).toEqual([spy.doc.clientID])
  })

  it('neither the secretariat nor an observer reads it', async () => {
    for (const person of [f.secretariat, f.observer]) {
      const probe = await probeRelay(f.server.port, `/sync/${fraDoc}${token(person.token)}`)
      expect(probe).toMatchObject({ status: 101, code: CloseCode.Forbidden, binaryFrames: 0 })
    }
  })

  // Each variant names France's document in a non-canonical spelling. Every one must be refused
  // as an invalid name: none may be normalised onto the canonical document (or any other).
  const variants: Array<[string, () => string]> = [
    [
      'upper-case first segment',
      () => `/sync/Conference/${cid}/declaration/${did}/delegation/${fraId}`,
    ],
    ['everything upper case', () => `/sync/${fraDoc.toUpperCase()}`],
    [
      'upper-case "DELEGATION"',
      () => `/sync/conference/${cid}/declaration/${did}/DELEGATION/${fraId}`,
    ],
    [
      'upper-case delegation id',
      () => `/sync/conference/${cid}/declaration/${did}/delegation/${fraId.toUpperCase()}`,
    ],
    ['every slash as %2F', () => `/sync/${fraDoc.replaceAll('/', '%2F')}`],
    ['every slash as %2f', () => `/sync/${fraDoc.replaceAll('/', '%2f')}`],
    ['one slash as %2F', () => `/sync/conference/${cid}/declaration/${did}/delegation%2F${fraId}`],
    [
      'a double-encoded slash (%252F)',
      () => `/sync/conference/${cid}/declaration/${did}/delegation%252F${fraId}`,
    ],
    [
      'an encoded letter in "conference"',
      () => `/sync/%63onference/${cid}/declaration/${did}/delegation/${fraId}`,
    ],
    [
      'an encoded upper-case letter escape',
      () => `/sync/%43onference/${cid}/declaration/${did}/delegation/${fraId}`,
    ],
    [
      'an encoded first letter of the delegation id',
      () =>
        `/sync/conference/${cid}/declaration/${did}/delegation/${percent(fraId[0]!)}${fraId.slice(1)}`,
    ],
    ['an encoded "sync" prefix', () => `/%73ync/${fraDoc}`],
    [
      'a ".." segment from the own delegation',
      () => `/sync/conference/${cid}/declaration/${did}/delegation/${jpnId}/../${fraId}`,
    ],
    ['a ".." segment from a longer name', () => `/sync/${fraDoc}/x/..`],
    [
      'a "%2e%2e" segment',
      () => `/sync/conference/${cid}/declaration/${did}/delegation/${jpnId}/%2e%2e/${fraId}`,
    ],
    [
      'a "%2E%2E" segment',
      () => `/sync/conference/${cid}/declaration/${did}/delegation/${jpnId}/%2E%2E/${fraId}`,
    ],
    [
      'a ".%2e" segment',
      () => `/sync/conference/${cid}/declaration/${did}/delegation/${jpnId}/.%2e/${fraId}`,
    ],
    ['a ".." segment before the prefix', () => `/sync/../sync/${fraDoc}`],
    ['a "." segment', () => `/sync/conference/${cid}/./declaration/${did}/delegation/${fraId}`],
    ['a trailing slash', () => `/sync/${fraDoc}/`],
    ['two trailing slashes', () => `/sync/${fraDoc}//`],
    [
      'a double slash inside',
      () => `/sync/conference//${cid}/declaration/${did}/delegation/${fraId}`,
    ],
    [
      'a double slash before the delegation id',
      () => `/sync/conference/${cid}/declaration/${did}/delegation//${fraId}`,
    ],
    ['a double slash after the prefix', () => `/sync//${fraDoc}`],
    ['backslashes', () => `/sync/${fraDoc.replaceAll('/', '\\')}`],
    ['a trailing semicolon parameter', () => `/sync/${fraDoc};x`],
    ['an encoded NUL', () => `/sync/${fraDoc}%00`],
  ]

  it.each(variants)(
    'closes the variant with %s as InvalidDocumentName, before any byte (raw path on the wire)',
    async (_, path) => {
      const target = path()
      const probe = await probeRelay(f.server.port, `${target}${token(f.jpn.token)}`)
      expect(probe.open).toBe(false)
      if (probe.status === 101) {
        expect(probe.code).toBe(CloseCode.InvalidDocumentName)
      } else {
        // Refusing the upgrade outright is as good: nothing was opened.
        expect(probe.status).toBeGreaterThanOrEqual(400)
      }
      expect(probe.binaryFrames).toBe(0)
    },
  )

  // The same variants sent by the stock `ws` client, as a browser-like client would send them
  // (it normalises dot segments and backslashes itself, so those are left to the wire test).
  const wsVariants = variants.filter(([label]) => !/"\.|\.\."|%2e|%2E|backslash/.test(label))

  it.each(wsVariants)(
    'closes the variant with %s as InvalidDocumentName for a stock ws client, before any byte',
    async (_, path) => {
      const url = `ws://127.0.0.1:${f.server.port}${path()}${token(f.jpn.token)}`
      const client = rawClient(url)
      try {
        client.socket.once('open', () => {
          client.send(SYNC_STEP1_EMPTY)
          client.send(QUERY_AWARENESS)
        })
        const { code } = await client.closed
        expect(code).toBe(CloseCode.InvalidDocumentName)
        expect(client.received.length).toBe(0)
      } finally {
        client.socket.terminate()
      }
    },
  )

  it('loaded no document under any name but canonical ones', () => {
    const loaded = f.server.relay.loadedDocuments()
    expect(loaded).toContain(fraDoc)
    for (const name of loaded) expect(isDocumentName(name), name).toBe(true)
  })
})
