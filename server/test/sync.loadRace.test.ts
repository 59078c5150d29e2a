import { join } from 'node:path'
import { CloseCode } from '@accord/protocol'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import { SqliteDocumentStore } from '../src/storage/SqliteDocumentStore.js'
import type { RelayLimits } from '../src/sync/RelayLimits.js'
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
import { SlowStore } from './slowStore.js'

const DOC = 'declaration/d1/draft'
const SEED_TEXT = 'Recalling the Osaka Track on data free flow with trust'
const LOAD_DELAY_MS = 500
const PROVIDERS = 10

function syncFrame(syncType: 0 | 1 | 2, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** Kind of a server frame: sync sub-type or message type. */
function kindOf(frame: Uint8Array): string {
  const decoder = decoding.createDecoder(frame)
  const type = decoding.readVarUint(decoder)
  if (type === 0) return ['sync-step1', 'sync-step2', 'sync-update'][decoding.readVarUint(decoder)]!
  return ['sync', 'awareness', 'auth', 'query-awareness'][type] ?? `type-${type}`
}

/** The Yjs update of a sync step 2 or update frame. */
function updateOf(frame: Uint8Array): Uint8Array {
  const decoder = decoding.createDecoder(frame)
  decoding.readVarUint(decoder)
  decoding.readVarUint(decoder)
  return decoding.readVarUint8Array(decoder)
}

/** A raw client that also records when (performance.now()) each frame arrived. */
function timedRaw(url: string): RawClient & { arrivals: number[] } {
  const client = rawClient(url)
  const arrivals: number[] = []
  client.socket.on('message', () => arrivals.push(performance.now()))
  return Object.assign(client, { arrivals })
}

describe('a document is loaded once, and nothing is answered before it is loaded', () => {
  let data: ReturnType<typeof tempDataDir>
  let store: SlowStore
  let server: RunningServer | null
  const clients: TestClient[] = []
  const raws: RawClient[] = []

  beforeEach(async () => {
    data = tempDataDir()
    const sqlite = new SqliteDocumentStore({ path: join(data.dir, 'documents.db') })
    // The document exists before the server starts, so loading it has real work to do.
    const seed = new Y.Doc()
    seed.getText('text').insert(0, SEED_TEXT)
    seed.getMap('map').set('stage', 'negotiating')
    await sqlite.append(DOC, Y.encodeStateAsUpdate(seed))
    seed.destroy()
    store = new SlowStore(sqlite, LOAD_DELAY_MS)
    server = null
  })

  afterEach(async () => {
    store.release()
    store.releaseCompaction()
    for (const c of clients.splice(0)) c.destroy()
    for (const r of raws.splice(0)) r.socket.terminate()
    await server?.close()
    data.cleanup()
  })

  async function start(limits: Partial<RelayLimits> = {}): Promise<RunningServer> {
    server = await startTestServer(data.dir, { store, limits })
    return server
  }

  function client(on: RunningServer): TestClient {
    const c = connectClient(wsBase(on), DOC)
    clients.push(c)
    return c
  }

  function raw(on: RunningServer): RawClient & { arrivals: number[] } {
    const r = timedRaw(`${wsBase(on)}/${DOC}`)
    raws.push(r)
    return r
  }

  it('loads once for ten providers and a raw client that arrive during a slow load, answers none of them before it completes, and they converge', async () => {
    const relay = await start()
    // The load takes its delay and then waits for the test: every client is surely connected,
    // and has sent its opening messages, while the load is still running.
    store.hold()
    // Each stock provider in Node adds a process 'exit' listener; ten of them are expected here.
    process.setMaxListeners(Math.max(process.getMaxListeners(), PROVIDERS + 5))
    const providers = Array.from({ length: PROVIDERS }, () => client(relay))
    const early = raw(relay)
    await early.opened
    early.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())))
    early.send(new Uint8Array([3]))
    await waitFor(() => providers.every((p) => p.provider.wsconnected), 'every provider connected')
    await sleep(LOAD_DELAY_MS + 100)
    expect(store.loadCalls.get(DOC)).toBe(1)
    expect(store.loadSettledAt).toEqual([])
    expect(early.received).toEqual([])
    expect(providers.filter((p) => p.provider.synced)).toEqual([])

    let receivedAtLoad = -1
    let syncedAtLoad = -1
    store.onLoadSettling = () => {
      receivedAtLoad = early.received.length
      syncedAtLoad = providers.filter((p) => p.provider.synced).length
    }
    store.release()
    await Promise.all(providers.map((p) => synced(p)))
    await waitFor(() => early.received.some((f) => kindOf(f) === 'sync-step2'), 'raw step 2')

    expect(store.loadCalls.get(DOC)).toBe(1)
    expect(relay.relay.stats().documents).toBe(1)
    expect(receivedAtLoad).toBe(0)
    expect(syncedAtLoad).toBe(0)
    const loadedAt = store.loadSettledAt[0]!
    expect(early.arrivals.length).toBe(early.received.length)
    for (const arrival of early.arrivals) expect(arrival).toBeGreaterThanOrEqual(loadedAt)

    // The raw client's first frame is the relay's step 1, and the answer to the step 1 it sent
    // during the load holds the whole stored document.
    expect(kindOf(early.received[0]!)).toBe('sync-step1')
    const step2 = early.received.find((f) => kindOf(f) === 'sync-step2')!
    const rawDoc = new Y.Doc()
    Y.applyUpdate(rawDoc, updateOf(step2))
    expect(rawDoc.getText('text').toString()).toBe(SEED_TEXT)

    for (const p of providers) {
      expect(p.doc.getText('text').toString()).toBe(SEED_TEXT)
      expect(p.doc.getMap('map').get('stage')).toBe('negotiating')
    }

    // Every provider edits at once; all of them, and the store, end up with every edit.
    providers.forEach((p, i) => {
      p.doc.getMap('map').set(`delegation-${i}`, i)
      p.doc.getText('text').insert(p.doc.getText('text').length, ` [${i}]`)
    })
    const expectedKeys = PROVIDERS + 1
    await waitFor(
      () =>
        providers.every(
          (p) =>
            p.doc.getMap('map').size === expectedKeys &&
            p.doc.getText('text').toString() === providers[0]!.doc.getText('text').toString(),
        ),
      'the ten providers converge',
    )
    const text = providers[0]!.doc.getText('text').toString()
    for (let i = 0; i < PROVIDERS; i++) expect(text).toContain(` [${i}]`)
    expect(text.startsWith(SEED_TEXT)).toBe(true)

    const stored = await store.inner.load(DOC)
    const fromStore = new Y.Doc()
    for (const update of stored.updates) Y.applyUpdate(fromStore, update)
    expect(fromStore.getText('text').toString()).toBe(text)
    expect(fromStore.getMap('map').size).toBe(expectedKeys)
    expect(store.loadCalls.get(DOC)).toBe(1)
  })

  it('closes every connection waiting on a failed load with StorageFailure, and a later connection loads afresh', async () => {
    const relay = await start()
    store.failLoads = true
    store.hold()
    const waiting = [raw(relay), raw(relay), raw(relay)]
    for (const r of waiting) {
      await r.opened
      r.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())))
    }
    store.release()
    for (const r of waiting) {
      expect((await r.closed).code).toBe(CloseCode.StorageFailure)
      expect(r.received).toEqual([])
    }
    // The three connections shared one (failed) load.
    expect(store.loadCalls.get(DOC)).toBe(1)

    store.failLoads = false
    const later = client(relay)
    await synced(later)
    expect(later.doc.getText('text').toString()).toBe(SEED_TEXT)
    expect(store.loadCalls.get(DOC)).toBe(2)

    // The document works normally from then on.
    later.doc.getMap('map').set('after', 'recovery')
    const another = client(relay)
    await waitFor(() => another.doc.getMap('map').get('after') === 'recovery', 'edit relayed')
    expect(store.loadCalls.get(DOC)).toBe(2)
  })

  it('closes connections whose load outlasts setupTimeoutMs with AuthTimeout, sends them nothing, and counts none of them as opened', async () => {
    const relay = await start({ setupTimeoutMs: 200 })
    const waiting = [raw(relay), raw(relay)]
    for (const r of waiting) {
      await r.opened
      r.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())))
    }
    for (const r of waiting) {
      expect((await r.closed).code).toBe(CloseCode.AuthTimeout)
      expect(r.received).toEqual([])
    }
    // The load itself goes on; once it is done, nothing is sent to the closed connections.
    await waitFor(() => store.loadSettledAt.length === 1, 'the load finished')
    await sleep(50)
    for (const r of waiting) expect(r.received).toEqual([])
    expect(relay.relay.stats().open).toBe(0)

    // A later client uses the document that finished loading: no second load.
    const later = client(relay)
    await synced(later)
    expect(later.doc.getText('text').toString()).toBe(SEED_TEXT)
    expect(store.loadCalls.get(DOC)).toBe(1)
    // `connections` counts connections that reached the open phase: only the later one did.
    expect(relay.relay.stats().connections).toBe(1)
  })

  it('serves a connection that arrives while the document is being unloaded', async () => {
    const relay = await start({ unloadDelayMs: 20 })
    const first = client(relay)
    await synced(first)
    first.doc.getMap('map').set('edited', true)
    const witness = client(relay)
    await waitFor(() => witness.doc.getMap('map').get('edited') === true, 'the edit is stored')
    // Unloading compacts the log first; hold that compaction so a newcomer arrives during it.
    store.holdCompaction()
    first.destroy()
    witness.destroy()
    await waitFor(() => store.compactCalls === 1, 'the unload started compacting')

    const newcomer = raw(relay)
    await newcomer.opened
    newcomer.send(syncFrame(0, Y.encodeStateVector(new Y.Doc())))
    const closes: number[] = []
    void newcomer.closed.then(({ code }) => closes.push(code))
    await sleep(100)
    store.releaseCompaction()

    await waitFor(
      () => newcomer.received.some((f) => kindOf(f) === 'sync-step2') || closes.length > 0,
      'the newcomer is answered or closed',
    )
    expect(closes).toEqual([])
    const step2 = newcomer.received.find((f) => kindOf(f) === 'sync-step2')!
    const doc = new Y.Doc()
    Y.applyUpdate(doc, updateOf(step2))
    expect(doc.getText('text').toString()).toBe(SEED_TEXT)
    expect(doc.getMap('map').get('edited')).toBe(true)
  })
})
