import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
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

const DOC = 'declaration/property/draft'
const CLIENTS = 3

/** These runs are about relay mechanics, so every client may write without an account. */
const openAccess = () => 'write' as const
/** Compact often, so that restarts load snapshots followed by log entries. */
const limits = { compactAfterUpdates: 5 }

/** One step of a scenario: an edit, a connection change, a restart, or a pause for the network. */
type Command =
  | { kind: 'insert'; client: number; at: number; text: string }
  | { kind: 'delete'; client: number; at: number; length: number }
  | { kind: 'set'; client: number; key: string; value: number }
  | { kind: 'disconnect'; client: number }
  | { kind: 'connect'; client: number }
  | { kind: 'restart' }
  | { kind: 'pause'; ms: number }

const clientIndex = fc.integer({ min: 0, max: CLIENTS - 1 })

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      client: clientIndex,
      at: fc.nat(),
      text: fc.string({
        unit: fc.constantFrom('a', 'b', 'c', ' ', 'é'),
        minLength: 1,
        maxLength: 4,
      }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      client: clientIndex,
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 3 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      client: clientIndex,
      key: fc.constantFrom('k0', 'k1', 'k2'),
      value: fc.integer({ min: 0, max: 99 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('disconnect' as const), client: clientIndex }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('connect' as const), client: clientIndex }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'restart' as const }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('pause' as const),
      ms: fc.integer({ min: 0, max: 30 }),
    }),
  },
)

function stateVectorOf(doc: Y.Doc): Record<number, number> {
  return Object.fromEntries(Y.decodeStateVector(Y.encodeStateVector(doc)))
}

function apply(clients: readonly TestClient[], step: Command): void {
  switch (step.kind) {
    case 'insert': {
      const text = clients[step.client]!.doc.getText('text')
      text.insert(step.at % (text.length + 1), step.text)
      return
    }
    case 'delete': {
      const text = clients[step.client]!.doc.getText('text')
      if (text.length === 0) return
      const at = step.at % text.length
      text.delete(at, Math.min(step.length, text.length - at))
      return
    }
    case 'set':
      clients[step.client]!.doc.getMap('map').set(step.key, step.value)
      return
    case 'disconnect':
      clients[step.client]!.provider.disconnect()
      return
    case 'connect':
      clients[step.client]!.provider.connect()
      return
    default:
      throw new Error(`not a client command: ${step.kind}`)
  }
}

/**
 * Runs one scenario against a server on a fresh data directory, then checks that everyone
 * converges, and that the server stored everything they converged on.
 */
async function runScenario(commands: readonly Command[]): Promise<void> {
  const data = tempDataDir()
  let server: RunningServer = await startTestServer(data.dir, { limits, authorize: openAccess })
  const port = server.port
  const restart = async () => {
    await server.close()
    // The same port, so that the clients' reconnect URLs stay valid.
    server = await startTestServer(data.dir, { limits, authorize: openAccess, port })
  }
  const clients = Array.from({ length: CLIENTS }, () => connectClient(wsBase(server), DOC))
  try {
    await Promise.all(clients.map((client) => synced(client)))
    for (const step of commands) {
      if (step.kind === 'restart') await restart()
      else if (step.kind === 'pause') await sleep(step.ms)
      else apply(clients, step)
    }

    for (const client of clients) client.provider.connect()
    const reference = clients[0]!
    await waitFor(
      () =>
        clients.every(
          (client) =>
            client.provider.synced &&
            isDeepStrictEqual(snapshotOf(client.doc), snapshotOf(reference.doc)) &&
            isDeepStrictEqual(stateVectorOf(client.doc), stateVectorOf(reference.doc)),
        ),
      'the three clients converge',
      8_000,
    )
    const expected = snapshotOf(reference.doc)
    const expectedVector = stateVectorOf(reference.doc)
    // Every edit a client made reached the others through the server, so the server stored it.
    // Read it back from disk alone: no old client may resend anything.
    for (const client of clients) client.provider.disconnect()
    await restart()
    const fresh = connectClient(wsBase(server), DOC)
    clients.push(fresh)
    await synced(fresh, 8_000)
    expect(snapshotOf(fresh.doc)).toEqual(expected)
    expect(stateVectorOf(fresh.doc)).toEqual(expectedVector)
  } finally {
    for (const client of clients) client.destroy()
    await server.close()
    data.cleanup()
  }
}

describe('convergence and durability under random edits, disconnects and restarts', () => {
  it('every client and a fresh one end with the same content, all of it stored', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 40 }), runScenario),
      { numRuns: 25 },
    )
  }, 120_000)
})
