import { isDeepStrictEqual } from 'node:util'
import { CloseCode } from '@accord/protocol'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { seedDemoIfEmpty } from '../src/demo/seedDemo.js'
import type { RunningServer } from '../src/server.js'
import { type ChildServer, killChildServers, startChildServer } from './childServer.js'
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

const DOC = 'declaration/durability/draft'

/** These tests are about relay mechanics, so every client may write without an account. */
const openAccess = () => 'write' as const

/** Log records at level error or above. */
function errorsIn(child: ChildServer): Record<string, unknown>[] {
  return child.logRecords().filter((record) => Number(record.level) >= 50)
}

/** Sorted keys of the shared map of ids. */
function idsOf(doc: Y.Doc): string[] {
  return [...doc.getMap<string>('ids').keys()].sort()
}

/** The state vector as a plain object, so that two documents can be compared with toEqual. */
function stateVectorOf(doc: Y.Doc): Record<number, number> {
  return Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)))
}

/**
 * A client that inserts unique ids into the shared map at a steady rate, and records the ids it
 * has observed from other clients. Those reached it through the relay, which persists an update
 * before relaying it, so each of them must survive any crash of the server.
 */
interface IdStream {
  readonly name: string
  readonly client: TestClient
  readonly created: Set<string>
  readonly observed: Set<string>
  start(intervalMs: number): void
  stop(): void
}

function idStream(base: string, name: string): IdStream {
  const client = connectClient(base, DOC)
  const ids = client.doc.getMap<string>('ids')
  const created = new Set<string>()
  const observed = new Set<string>()
  ids.observe((event) => {
    for (const key of event.keysChanged) {
      const author = ids.get(key)
      if (author !== undefined && author !== name) observed.add(key)
    }
  })
  let timer: NodeJS.Timeout | undefined
  let next = 0
  return {
    name,
    client,
    created,
    observed,
    start(intervalMs) {
      timer = setInterval(() => {
        const id = `${name}-${next++}`
        created.add(id)
        ids.set(id, name)
      }, intervalMs)
    },
    stop() {
      clearInterval(timer)
    },
  }
}

describe('durability of the relay across restarts and crashes', () => {
  const clients: TestClient[] = []
  const dataDirs: ReturnType<typeof tempDataDir>[] = []
  let inProcess: RunningServer | null = null

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await inProcess?.close()
    inProcess = null
    await killChildServers()
    for (const dir of dataDirs.splice(0)) dir.cleanup()
  })

  function dataDir(): string {
    const data = tempDataDir()
    dataDirs.push(data)
    return data.dir
  }

  function track<T extends TestClient>(client: T): T {
    clients.push(client)
    return client
  }

  it('keeps every edit across restarts, from the snapshot and from the log after it', async () => {
    const dir = dataDir()
    // A small compaction threshold, so that the stored state is a snapshot plus a log tail.
    const options = { limits: { compactAfterUpdates: 7 }, authorize: openAccess }
    inProcess = await startTestServer(dir, options)
    const a = track(connectClient(wsBase(inProcess), DOC))
    const b = track(connectClient(wsBase(inProcess), DOC))
    await Promise.all([synced(a), synced(b)])
    for (let i = 0; i < 30; i++) {
      const writer = i % 2 === 0 ? a : b
      writer.doc.getText('text').insert(0, `${i} `)
      writer.doc.getMap('map').set(`k${i % 4}`, i)
      const paragraph = new Y.XmlElement('paragraph')
      paragraph.insert(0, [new Y.XmlText(`paragraph ${i}`)])
      writer.doc.getXmlFragment('xml').insert(0, [paragraph])
    }
    a.doc.getText('text').delete(0, 3)
    await waitFor(
      () =>
        isDeepStrictEqual(snapshotOf(a.doc), snapshotOf(b.doc)) &&
        isDeepStrictEqual(stateVectorOf(a.doc), stateVectorOf(b.doc)),
      'a and b converge before the restart',
    )
    // Compaction ran, and the log must hold entries after the snapshot, so that the reload below
    // reads both parts. An edit that b has seen is stored, so waiting for b is waiting for the log.
    let stored = await inProcess.store.load(DOC)
    for (let extra = 1; stored.logLength === 0; extra++) {
      a.doc.getMap('map').set('extra', extra)
      await waitFor(() => b.doc.getMap('map').get('extra') === extra, 'b sees the extra edit')
      stored = await inProcess.store.load(DOC)
    }
    expect(stored.updates.length).toBe(stored.logLength + 1)
    expect(stored.lastSeq).toBeGreaterThan(stored.logLength)
    const expected = snapshotOf(a.doc)
    const expectedVector = stateVectorOf(a.doc)
    for (const client of clients.splice(0)) client.destroy()
    await inProcess.close()

    inProcess = await startTestServer(dir, options)
    const fresh = track(connectClient(wsBase(inProcess), DOC))
    const watcher = track(connectClient(wsBase(inProcess), DOC))
    await Promise.all([synced(fresh), synced(watcher)])
    expect(snapshotOf(fresh.doc)).toEqual(expected)
    expect(stateVectorOf(fresh.doc)).toEqual(expectedVector)

    // A second restart, after edits made on the reloaded document.
    fresh.doc.getText('text').insert(0, 'Rev.1 ')
    fresh.doc.getMap('map').set('after', 'first restart')
    await waitFor(
      () => watcher.doc.getMap('map').get('after') === 'first restart',
      'the edits after the restart are relayed, hence stored',
    )
    const expectedAgain = snapshotOf(fresh.doc)
    for (const client of clients.splice(0)) client.destroy()
    await inProcess.close()

    inProcess = await startTestServer(dir, options)
    const again = track(connectClient(wsBase(inProcess), DOC))
    await synced(again)
    expect(snapshotOf(again.doc)).toEqual(expectedAgain)
  })

  it('loses nothing any client has seen when the server is killed with SIGKILL mid-stream', async () => {
    const dir = dataDir()
    // Compact often, so that some kills land on or near a compaction.
    const env = { ACCORD_COMPACT_AFTER_UPDATES: '20' }
    let child: ChildServer = await startChildServer({ dataDir: dir, env })
    const port = child.port
    const base = `ws://127.0.0.1:${port}/sync`
    // Everything created in earlier rounds; those all converged through the server.
    const converged = new Set<string>()

    for (const [round, killAfterMs] of [0, 300, 900].entries()) {
      const streams = [0, 1, 2].map((i) => idStream(base, `r${round}c${i}`))
      for (const stream of streams) track(stream.client)
      await Promise.all(streams.map((stream) => synced(stream.client)))
      for (const stream of streams) stream.start(5)
      // Kill only once the stream runs through the server: each client has seen the others.
      const fromThisRound = (stream: IdStream) =>
        [...stream.observed].filter((id) => id.startsWith(`r${round}c`)).length
      await waitFor(
        () => streams.every((stream) => fromThisRound(stream) >= 3),
        `round ${round}: every client observes the others' edits`,
      )
      await sleep(killAfterMs)

      child.kill('SIGKILL')
      const exit = await child.waitForExit(5_000)
      expect(exit.signal).toBe('SIGKILL')
      for (const stream of streams) stream.stop()
      // The old clients must not re-upload what they hold: the check below reads only the disk.
      for (const stream of streams) stream.client.provider.disconnect()

      const seen = new Set(streams.flatMap((stream) => [...stream.observed]))
      const created = new Set(streams.flatMap((stream) => [...stream.created]))

      child = await startChildServer({ dataDir: dir, port, env })
      const fresh = track(connectClient(base, DOC))
      await synced(fresh)
      const persisted = new Set(idsOf(fresh.doc))
      const lost = [...seen, ...converged].filter((id) => !persisted.has(id))
      expect(lost, `ids lost by the kill ${killAfterMs} ms into round ${round}`).toEqual([])

      // The old clients come back and upload what the server never stored.
      for (const stream of streams) stream.client.provider.connect()
      const everyone = [...streams.map((stream) => stream.client), fresh]
      const all = new Set([...converged, ...created])
      await waitFor(
        () => everyone.every((client) => client.doc.getMap('ids').size === all.size),
        `round ${round}: four clients hold all ${all.size} ids`,
      )
      const reference = idsOf(fresh.doc)
      expect(reference).toEqual([...all].sort())
      for (const client of everyone) expect(idsOf(client.doc)).toEqual(reference)
      for (const client of everyone) {
        expect(stateVectorOf(client.doc)).toEqual(stateVectorOf(fresh.doc))
      }
      expect(errorsIn(child), 'errors logged by the restarted server').toEqual([])
      for (const id of all) converged.add(id)
      for (const client of clients.splice(0)) client.destroy()
    }
  }, 90_000)

  it('stores an edit made while the first start seeds the demo conference', async () => {
    // `pnpm start` on an empty data directory seeds the demo right after it listens, in one
    // transaction that spans the Argon2 hashing of the demo passwords. Documents live in the
    // same database file, so an edit made meanwhile is appended while that transaction is open.
    const dir = dataDir()
    inProcess = await startTestServer(dir, { authorize: openAccess })
    const a = track(connectClient(wsBase(inProcess), DOC))
    const b = track(connectClient(wsBase(inProcess), DOC))
    const closeCodes: number[] = []
    a.provider.on('connection-close', (event) => {
      if (event) closeCodes.push(event.code)
    })
    await Promise.all([synced(a), synced(b)])
    // A first edit warms up the relay (its decoder worker), so the next one is stored at once.
    a.doc.getMap('map').set('before', 'the seed')
    await waitFor(() => b.doc.getMap('map').get('before') === 'the seed', 'b sees the warm-up')

    const seeding = seedDemoIfEmpty(inProcess.services, dir, pino({ level: 'silent' }))
    // Let the seed take the write lock (its first insert), then edit while it hashes.
    await sleep(5)
    a.doc.getMap('map').set('during', 'the seed')
    const seed = await seeding
    expect(seed).not.toBeNull()
    await waitFor(
      () => b.doc.getMap('map').get('during') === 'the seed',
      'b receives the edit made during the seed',
    )
    expect(closeCodes, 'close codes seen by the editing client').toEqual([])
    expect(inProcess.relay.stats().closes).toEqual({})
  })

  it('shuts down on SIGTERM with 1012, and clients catch up after the restart on their own', async () => {
    const dir = dataDir()
    let child = await startChildServer({ dataDir: dir })
    const port = child.port
    const base = `ws://127.0.0.1:${port}/sync`
    const [a, b, c] = [0, 1, 2].map(() => track(connectClient(base, DOC))) as [
      TestClient,
      TestClient,
      TestClient,
    ]
    const closeCodes = new Map<TestClient, number[]>([a, b, c].map((client) => [client, []]))
    for (const client of [a, b, c]) {
      client.provider.on('connection-close', (event) => {
        // A null event is a close initiated by the client itself.
        if (event) closeCodes.get(client)!.push(event.code)
      })
    }
    await Promise.all([a, b, c].map((client) => synced(client)))
    a.doc.getText('text').insert(0, 'Recalling the Osaka Track')
    await waitFor(
      () =>
        [b, c].every(
          (client) => client.doc.getText('text').toString() === 'Recalling the Osaka Track',
        ),
      'b and c receive the first edit',
    )

    child.kill('SIGTERM')
    const exit = await child.waitForExit(5_000)
    expect(exit).toEqual({ code: 0, signal: null })
    expect(child.logRecords().map((record) => record.msg)).toContain('stopped')
    expect(errorsIn(child)).toEqual([])
    await waitFor(
      () => [a, b, c].every((client) => closeCodes.get(client)!.length > 0),
      'every client saw its connection close',
      2_000,
    )
    for (const client of [a, b, c]) {
      expect(closeCodes.get(client)![0]).toBe(CloseCode.ServiceRestart)
    }

    // Edits made while the server is down stay with their clients until it is back.
    a.doc.getMap('map').set('a', 'offline edit of a')
    b.doc.getText('text').insert(0, 'PP1 ')

    child = await startChildServer({ dataDir: dir, port })
    const d = track(connectClient(base, DOC))
    await synced(d)
    d.doc.getMap('map').set('d', 'edit after the restart')
    const expected = {
      text: 'PP1 Recalling the Osaka Track',
      xml: '',
      map: { a: 'offline edit of a', d: 'edit after the restart' },
    }
    await waitFor(
      () => [a, b, c, d].every((client) => isDeepStrictEqual(snapshotOf(client.doc), expected)),
      'old clients reconnect by themselves and all four converge',
    )
    for (const client of [a, b, c]) expect(client.provider.wsconnected).toBe(true)
    for (const client of [a, b, c]) {
      expect(stateVectorOf(client.doc)).toEqual(stateVectorOf(d.doc))
    }
  })
})
