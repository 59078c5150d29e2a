import { afterEach, beforeEach, expect, it } from 'vitest'
import { tempDataDir, waitFor } from './helpers.js'
import { type RelayServer, startRelayServer } from './relayServer.js'
import { storedDoc } from './relayTestKit.js'
import { SlowStore } from './slowStore.js'

const NAME = 'declaration/pin/draft'

let data: ReturnType<typeof tempDataDir>
let server: RelayServer
let store: SlowStore

beforeEach(async () => {
  data = tempDataDir()
  server = await startRelayServer(data.dir, {
    limits: { unloadDelayMs: 20 },
    store: (inner) => {
      store = new SlowStore(inner, 0)
      return store
    },
  })
})

afterEach(async () => {
  store.releaseCompaction()
  await server.close()
  data.cleanup()
})

it('a read and an edit queued behind an unload keep the document and see its state', async () => {
  await server.relay.mutate(NAME, (doc) => doc.getMap('m').set('k', 1))
  // The unload task starts, and is held in its compaction, ahead of what comes next.
  store.holdCompaction()
  await waitFor(() => store.compactCalls >= 1, 'the unload task is compacting')
  const edit = server.relay.mutate(NAME, (doc) => doc.getMap('m').set('k', 2))
  const read = server.relay.read(NAME, (doc) => doc.getMap('m').get('k'))
  store.releaseCompaction()
  await expect(edit).resolves.toBeUndefined()
  await expect(read).resolves.toBe(2)
  // Once nothing pins it, it unloads as usual, with the edit stored.
  await waitFor(() => !server.relay.loadedDocuments().includes(NAME), 'the document unloaded')
  expect((await storedDoc(server.store, NAME)).getMap('m').get('k')).toBe(2)
})

it('a read alone, queued behind an unload, reads the loaded document', async () => {
  await server.relay.mutate(NAME, (doc) => doc.getMap('m').set('k', 'stored'))
  store.holdCompaction()
  await waitFor(() => store.compactCalls >= 1, 'the unload task is compacting')
  const read = server.relay.read(NAME, (doc) => ({
    value: doc.getMap('m').get('k'),
    live: !doc.isDestroyed,
  }))
  store.releaseCompaction()
  await expect(read).resolves.toEqual({ value: 'stored', live: true })
})
