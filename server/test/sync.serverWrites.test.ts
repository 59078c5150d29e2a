import { afterEach, beforeEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import {
  connectClient,
  startTestServer,
  synced,
  type TestClient,
  tempDataDir,
  waitFor,
  wsBase,
} from './helpers.js'

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

it('relays a server-side change to every connected client, after storing it', async () => {
  const a = connectClient(wsBase(server), 'mirror/one')
  const b = connectClient(wsBase(server), 'mirror/one')
  clients.push(a, b)
  await Promise.all([synced(a), synced(b)])
  await server.relay.mutate('mirror/one', (doc) => {
    doc.getMap('positions').set('jpn', { value: 'support' })
  })
  // Stored before it was relayed: the store already holds it when mutate resolves.
  const stored = await server.store.load('mirror/one')
  const replay = new Y.Doc()
  for (const update of stored.updates) Y.applyUpdate(replay, update)
  expect(replay.getMap('positions').get('jpn')).toEqual({ value: 'support' })
  for (const client of [a, b]) {
    await waitFor(() => client.doc.getMap('positions').has('jpn'), 'client received the change')
  }
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
