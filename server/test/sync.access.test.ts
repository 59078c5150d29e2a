import { CloseCode } from '@accord/protocol'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import type { RelayLimits } from '../src/sync/RelayLimits.js'
import type { Access } from '../src/sync/RelaySocket.js'
import {
  connectClient,
  sleep,
  startTestServer,
  synced,
  type TestClient,
  tempDataDir,
  waitFor,
  wsBase,
} from './helpers.js'
import { type RawClient, rawClient } from './rawClient.js'
import { type WireClient, wireUpgrade } from './wire.js'

const DOC = 'declaration/d1/draft'
const SLOW_AUTHORIZE_MS = 1_500

/** Decodes the kind of one server frame (y-websocket message type, and sync sub-type). */
function kindOf(frame: Uint8Array): string {
  const decoder = decoding.createDecoder(frame)
  const type = decoding.readVarUint(decoder)
  if (type === 0) return ['sync-step1', 'sync-step2', 'sync-update'][decoding.readVarUint(decoder)]!
  return ['sync', 'awareness', 'auth', 'query-awareness'][type] ?? `type-${type}`
}

/** The Yjs update carried by a sync step 2 or update frame. */
function updateOf(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame)
  decoding.readVarUint(decoder)
  decoding.readVarUint(decoder)
  return decoding.readVarUint8Array(decoder)
}

function syncFrame(syncType: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** An update that inserts `text` into a scratch document's Y.Text. */
function textUpdate(text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.getText('text').insert(0, text)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

const QUERY_AWARENESS = new Uint8Array([3])

describe('the authorize hook decides what each relay connection may do', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: RunningServer
  const servers: RunningServer[] = []
  const clients: TestClient[] = []
  const raws: RawClient[] = []
  const wires: WireClient[] = []
  /** Document names the hook was asked about, in order. */
  let asked: string[]
  /** Settles when the latest slow authorisation has answered. */
  let slowAnswered: Promise<void>

  /** Access comes from the `as` query parameter; `throw`, `reject` and `slow` misbehave. */
  function authorize(request: Request, documentName: string): Access | Promise<Access> {
    asked.push(documentName)
    const as = new URL(request.url).searchParams.get('as')
    switch (as) {
      case 'read':
      case 'deny':
        return as
      case 'throw':
        throw new Error('the policy store is unreachable')
      case 'reject':
        return Promise.reject(new Error('the policy store is unreachable'))
      case 'slow': {
        const answer = sleep(SLOW_AUTHORIZE_MS).then(() => 'write' as const)
        slowAnswered = answer.then(() => {})
        return answer
      }
      default:
        return 'write'
    }
  }

  async function start(limits: Partial<RelayLimits> = {}): Promise<RunningServer> {
    const started = await startTestServer(data.dir, { authorize, limits })
    servers.push(started)
    return started
  }

  function client(as: Access, name = DOC, on = server): TestClient {
    const c = connectClient(wsBase(on), name, { params: { as } })
    clients.push(c)
    return c
  }

  function raw(query: string, name = DOC, on = server): RawClient {
    const r = rawClient(`${wsBase(on)}/${name}?${query}`)
    raws.push(r)
    return r
  }

  function wire(path: string): WireClient {
    const w = wireUpgrade(server.port, path)
    wires.push(w)
    return w
  }

  beforeEach(async () => {
    asked = []
    slowAnswered = Promise.resolve()
    data = tempDataDir()
    server = await start()
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const r of raws.splice(0)) r.socket.terminate()
    for (const w of wires.splice(0)) w.destroy()
    await slowAnswered
    for (const s of servers.splice(0)) await s.close()
    data.cleanup()
  })

  /** A writer whose content and presence are in the document, as another client saw. */
  async function populated(name = DOC): Promise<TestClient> {
    const writer = client('write', name)
    await synced(writer)
    writer.doc.getText('text').insert(0, 'Recalling the Osaka Track')
    writer.doc.getMap('map').set('stage', 'negotiating')
    writer.provider.awareness.setLocalStateField('user', { name: 'Alice' })
    const check = client('write', name)
    await waitFor(
      () =>
        check.doc.getText('text').toString() === 'Recalling the Osaka Track' &&
        check.provider.awareness.getStates().get(writer.doc.clientID)?.user !== undefined,
      'the content and presence reached the server',
    )
    return writer
  }

  describe('read access', () => {
    it('syncs the full state and live updates to a reader, and applies, relays and stores none of its edits', async () => {
      const writer = await populated()
      const reader = client('read')
      const statuses: string[] = []
      reader.provider.on('status', ({ status }: { status: string }) => statuses.push(status))

      // `synced` is set only by a sync step 2: the server's answer to the reader's step 1.
      await synced(reader)
      expect(reader.doc.getText('text').toString()).toBe('Recalling the Osaka Track')
      expect(reader.doc.getMap('map').get('stage')).toBe('negotiating')

      writer.doc.getText('text').insert(0, 'Live: ')
      await waitFor(
        () => reader.doc.getText('text').toString() === 'Live: Recalling the Osaka Track',
        'the reader receives a live update',
      )

      const dropped = server.relay.stats().events.readOnlyUpdateDropped
      reader.doc.getText('text').insert(0, 'READER ')
      reader.doc.getMap('map').set('reader', 'was here')
      await waitFor(
        () => server.relay.stats().events.readOnlyUpdateDropped >= dropped + 2,
        'the relay dropped both reader updates',
      )

      // The reader still gets live updates afterwards: its connection was not closed.
      writer.doc.getMap('map').set('after', 'reader edits')
      await waitFor(
        () => reader.doc.getMap('map').get('after') === 'reader edits',
        'the reader still receives updates',
      )
      expect(reader.provider.wsconnected).toBe(true)
      expect(statuses).not.toContain('disconnected')
      expect(server.relay.stats().closes).toEqual({})

      // Neither the writer, nor a client that syncs from scratch, nor the store holds them.
      const fresh = client('write')
      await synced(fresh)
      for (const doc of [writer.doc, fresh.doc]) {
        expect(doc.getText('text').toString()).toBe('Live: Recalling the Osaka Track')
        expect(doc.getMap('map').toJSON()).toEqual({
          stage: 'negotiating',
          after: 'reader edits',
        })
        expect(Y.decodeStateVector(Y.encodeStateVector(doc)).has(reader.doc.clientID)).toBe(false)
      }
      const stored = await server.store.load(DOC)
      const fromStore = new Y.Doc()
      for (const update of stored.updates) Y.applyUpdate(fromStore, update)
      expect(fromStore.getText('text').toString()).toBe('Live: Recalling the Osaka Track')
      expect(fromStore.getMap('map').get('reader')).toBeUndefined()
      expect(Y.decodeStateVector(Y.encodeStateVector(fromStore)).has(reader.doc.clientID)).toBe(
        false,
      )
    })

    it('drops a reader’s sync step 2 and updates quietly, keeps it open, and keeps sending it updates', async () => {
      const writer = await populated()
      const reader = raw('as=read')
      await reader.opened
      reader.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())))
      await waitFor(
        () => reader.received.some((frame) => kindOf(frame) === 'sync-step2'),
        'the reader gets an answer',
      )
      // The answer to its step 1 is the whole document; a reader is not asked for a step 2.
      const kinds = reader.received.map(kindOf)
      expect(kinds).toContain('sync-step2')
      expect(kinds).not.toContain('sync-step1')
      const full = new Y.Doc()
      Y.applyUpdate(full, updateOf(reader.received[kinds.indexOf('sync-step2')]!))
      expect(full.getText('text').toString()).toBe('Recalling the Osaka Track')

      const dropped = server.relay.stats().events.readOnlyUpdateDropped
      reader.send(syncFrame(1, textUpdate('RAW STEP TWO ')))
      reader.send(syncFrame(2, textUpdate('RAW UPDATE ')))
      await waitFor(
        () => server.relay.stats().events.readOnlyUpdateDropped === dropped + 2,
        'the relay dropped the step 2 and the update',
      )

      const before = reader.received.length
      writer.doc.getText('text').insert(0, 'Welcoming ')
      await waitFor(() => reader.received.length > before, 'the reader gets the live update')
      expect(reader.received.slice(before).map(kindOf)).toContain('sync-update')
      expect(reader.socket.readyState).toBe(reader.socket.OPEN)

      const fresh = client('write')
      await synced(fresh)
      await waitFor(
        () => writer.doc.getText('text').toString() === fresh.doc.getText('text').toString(),
        'the fresh client matches the writer',
      )
      for (const doc of [writer.doc, fresh.doc]) {
        expect(doc.getText('text').toString()).toBe('Welcoming Recalling the Osaka Track')
      }
      const stored = await server.store.load(DOC)
      const fromStore = new Y.Doc()
      for (const update of stored.updates) Y.applyUpdate(fromStore, update)
      expect(fromStore.getText('text').toString()).toBe('Welcoming Recalling the Osaka Track')
      expect(server.relay.stats().closes).toEqual({})
    })
  })

  describe('denied access', () => {
    it('closes with Forbidden and sends no byte of a document that has content', async () => {
      await populated()
      const denied = raw('as=deny')
      await denied.opened
      // Messages sent before the decision must not be answered either.
      denied.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())))
      denied.send(QUERY_AWARENESS)
      const { code } = await denied.closed
      expect(code).toBe(CloseCode.Forbidden)
      expect(denied.received.length).toBe(0)
      expect(denied.receivedBytes()).toBe(0)
    })

    it('does not load a document for a denied connection', async () => {
      const denied = raw('as=deny', 'declaration/d2/draft')
      expect((await denied.closed).code).toBe(CloseCode.Forbidden)
      expect(denied.received.length).toBe(0)
      expect(server.relay.loadedDocuments()).not.toContain('declaration/d2/draft')
      expect(server.relay.stats().documents).toBe(0)
    })

    it('sends a stock provider that is denied none of the document', async () => {
      await populated()
      const denied = client('deny')
      const closes: number[] = []
      denied.provider.on('connection-close', (event: { code: number } | null) => {
        if (event) closes.push(event.code)
      })
      await waitFor(() => closes.length > 0, 'the denied provider was closed')
      expect(closes[0]).toBe(CloseCode.Forbidden)
      expect(denied.provider.synced).toBe(false)
      expect(denied.doc.getText('text').toString()).toBe('')
      expect(denied.doc.getMap('map').size).toBe(0)
    })
  })

  describe('document names', () => {
    const invalid: [string, string][] = [
      ['upper case', '/sync/Declaration/x'],
      ['a ".." segment', '/sync/a/../b'],
      ['a percent-encoded ".." segment', '/sync/a/%2e%2e/b'],
      ['a "." segment', '/sync/./a'],
      ['a percent-encoded slash', '/sync/a%2Fb'],
      ['a trailing slash', '/sync/a/'],
      ['an empty segment', '/sync/a//b'],
      ['an empty name', '/sync/'],
    ]

    it.each(invalid)(
      'closes a name with %s (%s) with InvalidDocumentName before any byte',
      async (_, path) => {
        const client = wire(`${path}?as=write`)
        expect(await client.status).toBe(101)
        expect(await client.closed).toBe(CloseCode.InvalidDocumentName)
        // The close frame is the first and only frame.
        expect(client.frames.map((frame) => frame.opcode)).toEqual([0x8])
        expect(asked).toEqual([])
        expect(server.relay.stats().documents).toBe(0)
      },
    )

    it('answers a canonical name sent the same way (the wire client can see data)', async () => {
      const client = wire(`/sync/${DOC}?as=write`)
      expect(await client.status).toBe(101)
      await waitFor(() => client.frames.some((frame) => frame.opcode === 0x2), 'a binary frame')
      expect(asked).toEqual([DOC])
    })

    it('closes an invalid name sent by a stock ws client too', async () => {
      const upper = rawClient(`${wsBase(server)}/Declaration/x`)
      raws.push(upper)
      const encoded = rawClient(`${wsBase(server)}/a%2Fb`)
      raws.push(encoded)
      for (const r of [upper, encoded]) {
        expect((await r.closed).code).toBe(CloseCode.InvalidDocumentName)
        expect(r.received.length).toBe(0)
      }
      expect(asked).toEqual([])
    })
  })

  describe('a failing or slow hook', () => {
    it.each([
      ['throws', 'throw'],
      ['rejects', 'reject'],
    ])(
      'closes with InternalError when authorize %s, and the server keeps serving',
      async (_, as) => {
        await populated()
        const failed = raw(`as=${as}`)
        await failed.opened
        failed.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())))
        expect((await failed.closed).code).toBe(CloseCode.InternalError)
        expect(failed.received.length).toBe(0)

        const later = client('write')
        await synced(later)
        expect(later.doc.getText('text').toString()).toBe('Recalling the Osaka Track')
        const health = await fetch(`${server.url}/healthz`)
        expect(health.status).toBe(200)
      },
    )

    it('closes with AuthTimeout when authorize outlasts setupTimeoutMs, and sends nothing', async () => {
      const strict = await start({ setupTimeoutMs: 300 })
      const slow = raw('as=slow', DOC, strict)
      await slow.opened
      slow.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())))
      expect((await slow.closed).code).toBe(CloseCode.AuthTimeout)
      expect(slow.received.length).toBe(0)

      // The hook answering "write" after the deadline must not revive the connection.
      await slowAnswered
      await sleep(50)
      expect(strict.relay.stats().connections).toBe(0)
      expect(strict.relay.stats().open).toBe(0)
      expect(strict.relay.loadedDocuments()).toEqual([])

      const prompt = client('write', DOC, strict)
      await synced(prompt)
      expect(strict.relay.stats().connections).toBe(1)
    })
  })
})
