import { CloseCode } from '@accord/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeSyncUpdate } from '../src/sync/messages.js'
import type { DocumentRules } from '../src/sync/RelaySocket.js'
import { connectClient, synced, tempDataDir, waitFor, wsBase } from './helpers.js'
import { type RawClient, rawClient } from './rawClient.js'
import { type RelayServer, startRelayServer } from './relayServer.js'
import { failsOnlyWithItsDependency, servedDoc, storedDoc, textBy } from './relayTestKit.js'

const NAME = 'declaration/rollback/draft'

/** Rules that throw while judging any update whose text holds "boom" (a bug or a stack overflow). */
const throwingRules: DocumentRules = {
  observe: () => true,
  vet: (_name, _principal, _before, doc) => {
    if (doc.getText('text').toString().includes('boom')) throw new RangeError('stack overflow')
    return null
  },
}

let data: ReturnType<typeof tempDataDir>
let server: RelayServer
const raws: RawClient[] = []

async function start(rules: DocumentRules = {}): Promise<void> {
  server = await startRelayServer(data.dir, { rules, limits: { unloadDelayMs: 50 } })
}

async function raw(): Promise<RawClient> {
  const client = rawClient(`${wsBase(server)}/${NAME}`)
  raws.push(client)
  await client.opened
  return client
}

/** Waits until the document left memory, i.e. it was compacted on the way out. */
async function unloaded(): Promise<void> {
  for (const client of raws.splice(0)) client.close()
  await waitFor(() => !server.relay.loadedDocuments().includes(NAME), 'the document unloaded')
}

beforeEach(() => {
  data = tempDataDir()
})

afterEach(async () => {
  for (const client of raws.splice(0)) client.close()
  await server.close()
  data.cleanup()
})

describe('a throw after an update was applied undoes it', () => {
  it('when the rules throw while vetting: not served, not compacted', async () => {
    await start(throwingRules)
    const honest = await raw()
    honest.send(encodeSyncUpdate(textBy(7, 'agreed ')))
    // Its own step 1 is answered once its update was committed.
    await servedDoc(honest)
    const offender = await raw()
    offender.send(encodeSyncUpdate(textBy(9, 'boom')))
    expect((await offender.closed).code).toBe(CloseCode.InternalError)
    // A newcomer's sync step 2 holds only what was stored.
    const newcomer = await raw()
    expect((await servedDoc(newcomer)).getText('text').toString()).toBe('agreed ')
    expect(server.relay.stats().events.documentReloaded).toBe(1)
    expect(newcomer.socket.readyState).toBe(newcomer.socket.OPEN)
    // Compaction on unload writes only stored state into the snapshot.
    await unloaded()
    expect((await storedDoc(server.store, NAME)).getText('text').toString()).toBe('agreed ')
  })

  it('when a server-side edit throws half-way: not served, not compacted', async () => {
    await start()
    await server.relay.mutate(NAME, (doc) => doc.getMap('m').set('kept', 1))
    const half = server.relay.mutate(NAME, (doc) => {
      doc.getMap('m').set('half', 1)
      throw new Error('the edit failed half-way')
    })
    await expect(half).rejects.toThrow('half-way')
    expect(await server.relay.read(NAME, (doc) => doc.getMap('m').toJSON())).toEqual({ kept: 1 })
    const client = connectClient(wsBase(server), NAME)
    try {
      await synced(client)
      expect(client.doc.getMap('m').toJSON()).toEqual({ kept: 1 })
    } finally {
      client.destroy()
    }
    await waitFor(() => server.relay.stats().open === 0, 'the client left')
    await unloaded()
    expect((await storedDoc(server.store, NAME)).getMap('m').toJSON()).toEqual({ kept: 1 })
  })

  it('when the apply on the main thread throws (the worker passed it): reloaded from the log', async () => {
    await start()
    // Passes the worker (which lacks client 7's items), throws where they are present.
    const payload = failsOnlyWithItsDependency(9, { client: 7, clock: 2 })
    const scratch = new Y.Doc()
    Y.applyUpdate(scratch, payload)
    expect(
      scratch.store.pendingStructs,
      'pending in a document without the dependency',
    ).not.toBeNull()
    const withDependency = new Y.Doc()
    Y.applyUpdate(withDependency, textBy(7, 'abc'))
    expect(() => Y.applyUpdate(withDependency, payload)).toThrow()

    const honest = await raw()
    honest.send(encodeSyncUpdate(textBy(7, 'abc')))
    // The dependency must be stored first; otherwise the payload would only be pending.
    expect((await servedDoc(honest)).getText('text').toString()).toBe('abc')
    const offender = await raw()
    offender.send(encodeSyncUpdate(payload))
    expect((await offender.closed).code).toBe(CloseCode.CorruptUpdate)
    expect(server.relay.stats().events.documentReloaded).toBe(1)
    const newcomer = await raw()
    const served = await servedDoc(newcomer)
    expect(served.getText('text').toString()).toBe('abc')
    expect(Y.encodeStateVector(served)).toEqual(Y.encodeStateVector(withDependencyFree()))
    // The honest client still writes, and the newcomer hears it.
    honest.send(encodeSyncUpdate(textBy(11, 'more')))
    await waitFor(() => server.relay.stats().closes.CorruptUpdate === 1, 'counted')
    expect((await servedDoc(newcomer)).getText('text').toString()).toMatch(/abc|more/)
    await unloaded()
    expect((await storedDoc(server.store, NAME)).getText('text').toString()).toContain('abc')
  })
})

/** The state client 7's text alone gives. */
function withDependencyFree(): Y.Doc {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, textBy(7, 'abc'))
  return doc
}

describe('an update whose dependencies are missing', () => {
  /** Client 9 appends "X" after client 7's "abc", which the server has never seen. */
  function dependent(): { dependency: Uint8Array; update: Uint8Array } {
    const base = new Y.Doc()
    base.clientID = 7
    base.getText('text').insert(0, 'abc')
    const other = new Y.Doc()
    other.clientID = 9
    Y.applyUpdate(other, Y.encodeStateAsUpdate(base))
    other.getText('text').insert(3, 'X')
    return {
      dependency: Y.encodeStateAsUpdate(base),
      update: Y.encodeStateAsUpdate(other, Y.encodeStateVector(base)),
    }
  }

  it('is refused with a retryable code: not served, not stored, never integrated later', async () => {
    await start()
    const { dependency, update } = dependent()
    const offender = await raw()
    offender.send(encodeSyncUpdate(update))
    expect((await offender.closed).code).toBe(CloseCode.MissingDependencies)
    const newcomer = await raw()
    const served = await servedDoc(newcomer)
    expect(Y.decodeStateVector(Y.encodeStateVector(served)).size).toBe(0)
    expect(Y.encodeStateAsUpdate(served)).toEqual(Y.encodeStateAsUpdate(new Y.Doc()))
    // The dependency arrives from someone else: only it is stored, not the held-back "X".
    newcomer.send(encodeSyncUpdate(dependency))
    // Its own step 1 is answered once its update was committed.
    expect((await servedDoc(newcomer)).getText('text').toString()).toBe('abc')
    const later = await raw()
    expect((await servedDoc(later)).getText('text').toString()).toBe('abc')
    await unloaded()
    expect((await storedDoc(server.store, NAME)).getText('text').toString()).toBe('abc')
  })

  it('is accepted once its dependency is there, as a stock client resends it', async () => {
    await start()
    const { dependency, update } = dependent()
    const client = await raw()
    client.send(encodeSyncUpdate(dependency))
    client.send(encodeSyncUpdate(update))
    expect((await servedDoc(client)).getText('text').toString()).toBe('abcX')
  })
})
