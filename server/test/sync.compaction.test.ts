import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import type { DocumentStore } from '../src/storage/DocumentStore.js'
import { SqliteDocumentStore } from '../src/storage/SqliteDocumentStore.js'
import type { RelayLimits } from '../src/sync/RelayLimits.js'
import {
  connectClient,
  sleep,
  snapshotOf,
  startTestServer,
  synced,
  type TestClient,
  tempDataDir,
  waitFor,
  wsBase,
} from './helpers.js'

const NAME = 'declaration/d1/draft'
const LIMITS: Partial<RelayLimits> = { compactAfterUpdates: 20, unloadDelayMs: 50 }

/** The document a store holds, rebuilt by applying what it loads. */
async function storedDoc(store: DocumentStore, name = NAME): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const update of (await store.load(name)).updates) Y.applyUpdate(doc, update)
  return doc
}

const same = (a: Y.Doc, b: Y.Doc) => JSON.stringify(snapshotOf(a)) === JSON.stringify(snapshotOf(b))

/** Resolves once the async `predicate` holds, polling; fails with `message` after `timeoutMs`. */
async function eventually(
  predicate: () => Promise<boolean>,
  message: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${message}`)
    await sleep(10)
  }
}

/** Makes `count` edits, each its own transaction, so each travels as its own update. */
function typeWords(client: TestClient, prefix: string, count: number): void {
  const text = client.doc.getText('text')
  for (let i = 0; i < count; i++) text.insert(text.length, `${prefix}${i} `)
}

describe('the relay compacts, unloads and reloads stored documents', () => {
  let data: ReturnType<typeof tempDataDir>
  const servers: RunningServer[] = []
  const clients: TestClient[] = []

  beforeEach(() => {
    data = tempDataDir()
  })

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    for (const server of servers.splice(0)) await server.close()
    data.cleanup()
  })

  async function start(limits: Partial<RelayLimits> = LIMITS): Promise<RunningServer> {
    const server = await startTestServer(data.dir, { limits })
    servers.push(server)
    return server
  }

  function client(server: RunningServer, name = NAME): TestClient {
    const c = connectClient(wsBase(server), name)
    clients.push(c)
    return c
  }

  /** Disconnects a client for good. */
  function leave(c: TestClient): void {
    clients.splice(clients.indexOf(c), 1)
    c.destroy()
  }

  /** Waits until the server's store holds exactly what `c` holds. */
  function persisted(server: RunningServer, c: TestClient, name = NAME): Promise<void> {
    return eventually(
      async () => same(await storedDoc(server.store, name), c.doc),
      'the store holds what the client holds',
    )
  }

  const isLoaded = (server: RunningServer, name = NAME) =>
    server.relay.loadedDocuments().includes(name)

  it('compacts the log after compactAfterUpdates entries while clients keep editing', async () => {
    const server = await start()
    const [a, b] = [client(server), client(server)]
    await Promise.all([synced(a), synced(b)])
    for (let round = 0; round < 6; round++) {
      typeWords(a, `a${round}-`, 10)
      typeWords(b, `b${round}-`, 10)
      await sleep(5)
    }
    await waitFor(() => same(a.doc, b.doc) && a.doc.getText('text').length > 0, 'converged')
    await persisted(server, a)
    // Each edit was its own update; a batch holds at most one per connection (a connection waits
    // for its update to be stored before the next), so the relay appended at least 60 entries;
    // compaction must have kept the log under the threshold and left a snapshot in front of it.
    await eventually(
      async () => (await server.store.load(NAME)).logLength < 20,
      'the log is compacted below 20 entries',
    )
    const stored = await server.store.load(NAME)
    expect(stored.lastSeq).toBeGreaterThanOrEqual(60)
    expect(stored.updates).toHaveLength(stored.logLength + 1)
    expect(isLoaded(server)).toBe(true)
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < 10; i++) {
        expect(a.doc.getText('text').toString()).toContain(`a${round}-${i} `)
        expect(a.doc.getText('text').toString()).toContain(`b${round}-${i} `)
      }
    }
  })

  it('compacts the log after compactAfterBytes bytes', async () => {
    const server = await start({ compactAfterUpdates: 10_000, compactAfterBytes: 4_000 })
    const a = client(server)
    await synced(a)
    const paragraphs = a.doc.getMap<string>('map')
    for (let i = 0; i < 12; i++) paragraphs.set(`op${i}`, `Operative paragraph ${i} `.repeat(40))
    await persisted(server, a)
    await eventually(
      async () => (await server.store.load(NAME)).logBytes < 4_000,
      'the log is compacted below 4000 bytes',
    )
    const stored = await server.store.load(NAME)
    expect(stored.updates).toHaveLength(stored.logLength + 1)
    expect(stored.logLength).toBeLessThan(12)
  })

  it('keeps a document in memory while any client is connected', async () => {
    const server = await start()
    const [a, b] = [client(server), client(server)]
    await Promise.all([synced(a), synced(b)])
    a.doc.getText('text').insert(0, 'Recalling the Osaka Track')
    await persisted(server, a)
    await sleep(300)
    expect(isLoaded(server)).toBe(true)

    leave(b)
    await sleep(300)
    expect(isLoaded(server)).toBe(true)
    expect(server.relay.stats().documents).toBe(1)
    // The remaining client still gets served from the same document.
    const c = client(server)
    await synced(c)
    await waitFor(() => same(c.doc, a.doc), 'a newcomer gets the text')
    expect(server.relay.stats().documents).toBe(1)
  })

  it('unloads a document unloadDelayMs after its last client left, compacted', async () => {
    const server = await start({ compactAfterUpdates: 20, unloadDelayMs: 800 })
    const a = client(server)
    await synced(a)
    typeWords(a, 'w', 30)
    a.doc.getXmlFragment('xml').insert(0, [new Y.XmlElement('paragraph')])
    await persisted(server, a)
    const state = Y.encodeStateAsUpdate(a.doc).byteLength
    const left = Date.now()
    leave(a)
    await sleep(300)
    expect(isLoaded(server), 'still loaded before the delay is over').toBe(true)
    await waitFor(() => !isLoaded(server), 'the document is unloaded', 5_000)
    // The server learns of the close after `leave`, so this bound holds however slow it is.
    expect(Date.now() - left).toBeGreaterThanOrEqual(750)

    const stored = await server.store.load(NAME)
    expect(stored.logLength).toBe(0)
    expect(stored.updates).toHaveLength(1)
    expect(stored.storedBytes).toBeLessThanOrEqual(state * 1.1 + 32)
    expect(stored.storedBytes).toBeGreaterThanOrEqual(state * 0.9 - 32)
  })

  it('keeps the document in memory when a client returns within the delay', async () => {
    const server = await start({ compactAfterUpdates: 20, unloadDelayMs: 1_500 })
    const a = client(server)
    await synced(a)
    a.doc.getText('text').insert(0, 'Alt 1')
    await persisted(server, a)
    leave(a)
    const b = client(server)
    await synced(b)
    await sleep(2_000)
    expect(isLoaded(server)).toBe(true)
    expect(server.relay.stats().documents).toBe(1)
    expect(b.doc.getText('text').toString()).toBe('Alt 1')
  })

  it('reloads the full content from storage when a client comes back', async () => {
    const server = await start()
    const a = client(server)
    await synced(a)
    typeWords(a, 'pp', 45)
    a.doc.getMap('map').set('status', 'ad ref')
    const para = new Y.XmlElement('paragraph')
    para.insert(0, [new Y.XmlText('Data free flow with trust')])
    a.doc.getXmlFragment('xml').insert(0, [para])
    await persisted(server, a)
    const expected = snapshotOf(a.doc)
    leave(a)
    await waitFor(() => !isLoaded(server), 'the document is unloaded', 2_000)

    const b = client(server)
    await synced(b)
    expect(snapshotOf(b.doc)).toEqual(expected)
    expect(server.relay.stats().documents).toBe(2)

    // Edits on the reloaded document build on the snapshot, and survive another unload.
    typeWords(b, 'op', 25)
    await persisted(server, b)
    const expectedAgain = snapshotOf(b.doc)
    leave(b)
    await waitFor(() => !isLoaded(server), 'the document is unloaded again', 2_000)
    const c = client(server)
    await synced(c)
    expect(snapshotOf(c.doc)).toEqual(expectedAgain)
    expect(server.relay.stats().documents).toBe(3)
  })

  it('keeps the edits a client sent just before it left', async () => {
    const server = await start()
    const a = client(server)
    await synced(a)
    a.doc.getText('text').insert(0, 'first ')
    await persisted(server, a)
    // Two hundred updates go out on the socket ahead of the close frame: the server has
    // received every one of them, but is still validating and storing some when the socket
    // closes. Each of them must still be stored.
    typeWords(a, 'last', 200)
    const expected = snapshotOf(a.doc)
    leave(a)
    await waitFor(() => !isLoaded(server), 'the document is unloaded', 5_000)
    expect(snapshotOf(await storedDoc(server.store))).toEqual(expected)
  })

  it('keeps every document across a restart, with or without a snapshot', async () => {
    const first = await start({ compactAfterUpdates: 20, unloadDelayMs: 60_000 })
    const a = client(first)
    const other = client(first, 'declaration/d2/draft')
    await Promise.all([synced(a), synced(other)])
    // 45 single-edit updates: snapshots through about entry 40 and a log tail after them.
    typeWords(a, 'w', 45)
    other.doc.getText('text').insert(0, 'only in d2')
    await Promise.all([persisted(first, a), persisted(first, other, 'declaration/d2/draft')])
    const expected = snapshotOf(a.doc)
    const beforeRestart = await first.store.load(NAME)
    expect(beforeRestart.logLength).toBeGreaterThan(0)
    expect(beforeRestart.updates).toHaveLength(beforeRestart.logLength + 1)
    leave(a)
    leave(other)
    // The long unload delay means nothing was compacted on the way out: close with a tail.
    await first.close()

    const second = await start()
    const b = client(second)
    const otherAgain = client(second, 'declaration/d2/draft')
    await Promise.all([synced(b), synced(otherAgain)])
    expect(snapshotOf(b.doc)).toEqual(expected)
    expect(otherAgain.doc.getText('text').toString()).toBe('only in d2')
    b.doc.getText('text').insert(0, 'after restart ')
    await persisted(second, b)
    const expectedAfter = snapshotOf(b.doc)
    leave(b)
    leave(otherAgain)
    await second.close()

    const store = new SqliteDocumentStore({ path: join(data.dir, 'documents.db') })
    try {
      expect(snapshotOf(await storedDoc(store))).toEqual(expectedAfter)
      expect(snapshotOf(await storedDoc(store, 'declaration/d2/draft'))).toMatchObject({
        text: 'only in d2',
      })
      expect([...(await store.list())].sort()).toEqual([NAME, 'declaration/d2/draft'].sort())
    } finally {
      await store.close()
    }
  })
})
