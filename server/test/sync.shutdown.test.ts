import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { SqliteDocumentStore } from '../src/storage/SqliteDocumentStore.js'
import { encodeSyncUpdate } from '../src/sync/messages.js'
import { tempDataDir, waitFor, wsBase } from './helpers.js'
import { openedByRelay } from './protocolFrames.js'
import { rawClient } from './rawClient.js'
import { type RelayServer, startRelayServer } from './relayServer.js'
import { storedDoc, textBy } from './relayTestKit.js'
import { SlowStore } from './slowStore.js'

const NAME = 'declaration/shutdown/draft'

let data: ReturnType<typeof tempDataDir>
let server: RelayServer | null = null

beforeEach(() => {
  data = tempDataDir()
})

afterEach(async () => {
  await server?.close()
  data.cleanup()
})

it("stores a departing client's last updates even when the relay closes at once", async () => {
  let slow: SlowStore | null = null
  server = await startRelayServer(data.dir, {
    store: (inner) => {
      slow = new SlowStore(inner, 0)
      return slow
    },
  })
  const store = slow as unknown as SlowStore
  const client = rawClient(`${wsBase(server)}/${NAME}`)
  await openedByRelay(client)
  // The first append is held, so the rest wait in the connection's queue.
  store.holdAppends()
  const words = ['one ', 'two ', 'three ', 'four ', 'five ']
  for (const [i, word] of words.entries()) client.send(encodeSyncUpdate(textBy(100 + i, word)))
  await waitFor(() => store.appendCalls >= 1, 'the first append started')
  client.close()
  await waitFor(() => server!.relay.stats().draining === 1, 'the relay saw the client leave')
  const closing = server.close()
  store.releaseAppends()
  await closing
  server = null

  const reopened = new SqliteDocumentStore({ path: join(data.dir, 'documents.db') })
  try {
    const text = (await storedDoc(reopened, NAME)).getText('text').toString()
    for (const word of words) expect(text).toContain(word.trim())
  } finally {
    await reopened.close()
  }
})
