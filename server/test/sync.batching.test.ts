import { CloseCode } from '@accord/protocol'
import * as decoding from 'lib0/decoding'
import { afterEach, beforeEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeSyncUpdate } from '../src/sync/messages.js'
import type { DocumentRules } from '../src/sync/RelaySocket.js'
import { connectClient, synced, tempDataDir, waitFor, wsBase } from './helpers.js'
import { openedByRelay } from './protocolFrames.js'
import { type RawClient, rawClient } from './rawClient.js'
import { type RelayServer, startRelayServer } from './relayServer.js'
import { servedDoc, storedDoc, textBy } from './relayTestKit.js'
import { SlowStore } from './slowStore.js'

const NAME = 'declaration/batching/draft'

let storedCalls = 0

/** Rules that throw while judging any update whose text holds "boom", and count `stored`. */
const throwingRules: DocumentRules = {
  stored: () => {
    storedCalls += 1
  },
  observe: () => true,
  vet: (_name, _principal, _before, doc) => {
    if (doc.getText('text').toString().includes('boom')) throw new RangeError('stack overflow')
    return null
  },
}

let data: ReturnType<typeof tempDataDir>
let server: RelayServer
let store: SlowStore
const raws: RawClient[] = []

async function raw(): Promise<RawClient> {
  const client = rawClient(`${wsBase(server)}/${NAME}`)
  raws.push(client)
  await openedByRelay(client)
  return client
}

/** The sync updates (message 0, step 2 or update) a raw client received, decoded. */
function updatesReceived(client: RawClient, from = 0): Uint8Array[] {
  const updates: Uint8Array[] = []
  for (const frame of client.received.slice(from)) {
    const decoder = decoding.createDecoder(frame)
    if (decoding.readVarUint(decoder) !== 0) continue
    if (decoding.readVarUint(decoder) === 0) continue
    updates.push(decoding.readVarUint8Array(decoder))
  }
  return updates
}

function textOf(updates: Uint8Array[]): string {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc.getText('text').toString()
}

beforeEach(async () => {
  storedCalls = 0
  data = tempDataDir()
  server = await startRelayServer(data.dir, {
    rules: throwingRules,
    store: (inner) => {
      store = new SlowStore(inner, 0)
      return store
    },
  })
})

afterEach(async () => {
  store.releaseAppends()
  for (const client of raws.splice(0)) client.close()
  await server.close()
  data.cleanup()
})

/** Sends `update` from `client` and waits until it waits in the document's next batch. */
async function queue(client: RawClient, update: Uint8Array): Promise<void> {
  const before = server.relay.waitingUpdates(NAME)
  client.send(encodeSyncUpdate(update))
  await waitFor(() => server.relay.waitingUpdates(NAME) > before, 'the update joined the batch')
}

it('commits updates that arrive together as one log entry and one message, after storing it', async () => {
  const [a, b, c, d, watcher] = [await raw(), await raw(), await raw(), await raw(), await raw()]
  store.holdAppends()
  a.send(encodeSyncUpdate(textBy(1, 'a')))
  await waitFor(() => store.appendCalls === 1, "a's batch is being stored")
  await queue(b, textBy(2, 'b'))
  await queue(c, textBy(3, 'c'))
  await queue(d, textBy(4, 'd'))
  const seen = watcher.received.length
  // Persist before relay: nothing of either batch reaches anyone while its append is held.
  await new Promise((resolve) => setTimeout(resolve, 100))
  expect(watcher.received.length).toBe(seen)
  store.releaseAppends()
  await waitFor(() => server.relay.stats().batchedUpdates === 4, 'all four stored')
  expect(store.appendCalls).toBe(2)
  expect(server.relay.stats().batches).toBe(2)
  // The rules hear once per batch and principal (all four connections have none).
  expect(storedCalls).toBe(2)
  await waitFor(() => updatesReceived(watcher, seen).length === 2, 'the watcher heard both')
  const [first, second] = updatesReceived(watcher, seen)
  expect(textOf([first!])).toBe('a')
  expect([...textOf([second!])].sort().join('')).toBe('bcd')
  // A sender hears the others' changes of its batch, not its own.
  await waitFor(() => updatesReceived(b).length >= 2, 'b heard the others')
  const heardByB = textOf(updatesReceived(b))
  expect(heardByB).not.toContain('b')
  expect([...heardByB].sort().join('')).toBe('acd')
})

it('one update that fails in a batch costs only its sender, before and after it', async () => {
  const [a, b, bad, d, watcher] = [await raw(), await raw(), await raw(), await raw(), await raw()]
  store.holdAppends()
  a.send(encodeSyncUpdate(textBy(1, 'a')))
  await waitFor(() => store.appendCalls === 1, "a's batch is being stored")
  await queue(b, textBy(2, 'b'))
  await queue(bad, textBy(3, 'boom'))
  await queue(d, textBy(4, 'd'))
  const seen = watcher.received.length
  store.releaseAppends()
  expect((await bad.closed).code).toBe(CloseCode.InternalError)
  await waitFor(() => server.relay.stats().batchedUpdates === 3, 'the three good ones stored')
  // b's update was stored on its own before the rollback, d's after it.
  expect(store.appendCalls).toBe(3)
  const served = (await servedDoc(watcher)).getText('text').toString()
  expect([...served].sort().join('')).toBe('abd')
  expect(textOf(updatesReceived(watcher, seen))).not.toContain('boom')
  for (const client of [a, b, d]) expect(client.socket.readyState).toBe(client.socket.OPEN)
  for (const client of raws.splice(0)) client.close()
  await waitFor(() => server.relay.stats().open === 0, 'everyone left')
  const stored = (await storedDoc(server.store, NAME)).getText('text').toString()
  expect([...stored].sort().join('')).toBe('abd')
})

it('stock providers typing together while an attacker keeps sending refused updates all converge, and all is stored', async () => {
  const providers = [0, 1, 2].map(() => connectClient(wsBase(server), NAME))
  try {
    await Promise.all(providers.map((p) => synced(p)))
    let attacks = 0
    let stop = false
    const attacker = (async () => {
      while (!stop) {
        const client = rawClient(`${wsBase(server)}/${NAME}`)
        raws.push(client)
        try {
          await openedByRelay(client)
        } catch {
          continue
        }
        client.send(encodeSyncUpdate(textBy(50_000 + attacks, 'boom')))
        await client.closed
        attacks += 1
      }
    })()
    for (let round = 0; round < 30; round++) {
      for (const [i, provider] of providers.entries()) {
        const text = provider.doc.getText('text')
        text.insert(text.length, `p${i}r${round} `)
      }
      await new Promise((resolve) => setImmediate(resolve))
    }
    const expected = (doc: Y.Doc) =>
      [0, 1, 2].every((i) =>
        Array.from({ length: 30 }, (_, r) => `p${i}r${r} `).every((w) =>
          doc.getText('text').toString().includes(w),
        ),
      )
    await waitFor(() => providers.every((p) => expected(p.doc)), 'every provider has every edit')
    await waitFor(() => attacks >= 3, 'the attacker was refused a few times')
    stop = true
    await attacker
    for (const p of providers) expect(p.doc.getText('text').toString()).not.toContain('boom')
    const texts = providers.map((p) => p.doc.getText('text').toString())
    expect(new Set(texts).size).toBe(1)
    for (const p of providers.splice(0)) p.destroy()
    await waitFor(() => server.relay.stats().open === 0, 'everyone left')
    const stored = await storedDoc(server.store, NAME)
    expect(stored.getText('text').toString()).toBe(texts[0])
  } finally {
    for (const p of providers) p.destroy()
  }
})
