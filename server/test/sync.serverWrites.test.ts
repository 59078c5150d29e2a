import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import { SqliteDocumentStore } from '../src/storage/SqliteDocumentStore.js'
import {
  connectClient,
  startTestServer,
  synced,
  type TestClient,
  tempDataDir,
  waitFor,
  wsBase,
} from './helpers.js'
import { type RawClient, rawClient } from './rawClient.js'

let data: ReturnType<typeof tempDataDir>
let server: RunningServer
const clients: TestClient[] = []

beforeEach(async () => {
  data = tempDataDir()
  server = await startTestServer(data.dir, { limits: { unloadDelayMs: 50 } })
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  await server.close()
  data.cleanup()
})

/**
 * A real SQLite store whose appends can be held at a gate, so a test can look at what clients
 * received while an update is applied in memory but not yet durable.
 */
class GatedStore extends SqliteDocumentStore {
  #gate: Promise<void> | null = null
  #open: (() => void) | null = null
  #entered: (() => void) | null = null
  /** Resolves when an append reaches the held gate. */
  entered: Promise<void> = Promise.resolve()

  hold(): void {
    this.#gate = new Promise((resolve) => {
      this.#open = resolve
    })
    this.entered = new Promise((resolve) => {
      this.#entered = resolve
    })
  }

  release(): void {
    this.#open?.()
    this.#gate = null
  }

  override async append(name: string, update: Uint8Array): Promise<number> {
    if (this.#gate) {
      this.#entered?.()
      await this.#gate
    }
    return super.append(name, update)
  }
}

/** Resolves when the server answers a WebSocket ping sent now on `raw`'s connection. */
function pingRoundTrip(raw: RawClient): Promise<void> {
  return new Promise((resolve) => {
    raw.socket.once('pong', () => resolve())
    raw.socket.ping()
  })
}

it('relays a server-side change to every connected client, only once it is stored', async () => {
  await server.close()
  const store = new GatedStore({ path: join(data.dir, 'gated.db') })
  server = await startTestServer(data.dir, { store, limits: { unloadDelayMs: 50 } })
  const a = connectClient(wsBase(server), 'mirror/one')
  const b = connectClient(wsBase(server), 'mirror/one')
  clients.push(a, b)
  await Promise.all([synced(a), synced(b)])
  const watcher = rawClient(`${wsBase(server)}/mirror/one`)
  await watcher.opened
  await waitFor(() => watcher.received.length > 0, 'the watcher was answered')

  store.hold()
  const mutated = server.relay.mutate('mirror/one', (doc) => {
    doc.getMap('positions').set('jpn', { value: 'support' })
  })
  await store.entered
  // The change is applied in memory and waits for its append. Every frame the relay sent before
  // the server answered this ping has arrived by the pong (one TCP stream, in order): if the
  // relay broadcast before storing, the update would be among them.
  const before = watcher.received.length
  try {
    await pingRoundTrip(watcher)
    expect(watcher.received.length).toBe(before)
    expect(a.doc.getMap('positions').has('jpn')).toBe(false)
  } finally {
    store.release()
  }
  await mutated
  const stored = await server.store.load('mirror/one')
  const replay = new Y.Doc()
  for (const update of stored.updates) Y.applyUpdate(replay, update)
  expect(replay.getMap('positions').get('jpn')).toEqual({ value: 'support' })
  for (const client of [a, b]) {
    await waitFor(() => client.doc.getMap('positions').has('jpn'), 'client received the change')
  }
  await waitFor(() => watcher.received.length > before, 'the watcher received the change')
  watcher.socket.terminate()
})

it('changes a document nobody has open, then lets it unload', async () => {
  await server.relay.mutate('mirror/two', (doc) => doc.getMap('m').set('k', 1))
  await server.relay.mutate('mirror/two', (doc) => doc.getMap('m').set('k', 2))
  await waitFor(() => !server.relay.loadedDocuments().includes('mirror/two'), 'document unloaded')
  const late = connectClient(wsBase(server), 'mirror/two')
  clients.push(late)
  await synced(late)
  await waitFor(() => late.doc.getMap('m').get('k') === 2, 'late client sees the latest value')
})

it('stores nothing when the change changes nothing', async () => {
  await server.relay.mutate('mirror/three', (doc) => doc.getMap('m').set('k', 1))
  const before = await server.store.load('mirror/three')
  await server.relay.mutate('mirror/three', () => {})
  const after = await server.store.load('mirror/three')
  expect(after.lastSeq).toBe(before.lastSeq)
})
