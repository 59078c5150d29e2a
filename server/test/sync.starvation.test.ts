import { CloseCode } from '@accord/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeSyncStep1, encodeSyncUpdate } from '../src/sync/messages.js'
import type { AccessGrant } from '../src/sync/RelaySocket.js'
import { tempDataDir, waitFor, wsBase } from './helpers.js'
import {
  closeOrFence,
  isSyncStep2,
  openedByRelay,
  QUERY_AWARENESS_FRAME,
  rawAwarenessFrame,
} from './protocolFrames.js'
import { type RawClient, rawClient } from './rawClient.js'
import { type RelayServer, startRelayServer } from './relayServer.js'
import { subdocumentBomb, textBy } from './relayTestKit.js'

const BOMB = subdocumentBomb(200_000)
const DECODE_TIMEOUT_MS = 2_000

/** Every connection writes, as the user its `user` query parameter names. */
function asUserInQuery(request: Request): AccessGrant {
  const user = new URL(request.url).searchParams.get('user') ?? 'nobody'
  return {
    access: 'write',
    principal: { userId: user, sessionId: user, name: user, delegation: null, color: '#000000' },
  }
}

let data: ReturnType<typeof tempDataDir>
let server: RelayServer
const raws: RawClient[] = []

function connect(path: string): RawClient {
  const client = rawClient(`${wsBase(server)}/${path}`)
  raws.push(client)
  return client
}

beforeEach(async () => {
  data = tempDataDir()
  server = await startRelayServer(data.dir, {
    authorize: asUserInQuery,
    limits: { decodeTimeoutMs: DECODE_TIMEOUT_MS },
  })
})

afterEach(async () => {
  for (const client of raws.splice(0)) client.close()
  await server.close()
  data.cleanup()
})

describe('decode bombs from a few accounts do not stall validation for everyone', () => {
  it('a bystander on another document keeps syncing while two accounts bomb from six connections', async () => {
    let stop = false
    const cutOff = new Map<string, number>()
    /** One attacker connection after another: open, send a bomb, wait to be closed, again. */
    async function attack(user: string, document: string): Promise<void> {
      while (!stop) {
        const client = connect(`declaration/${document}/draft?user=${user}`)
        try {
          await client.opened
        } catch {
          continue
        }
        client.send(encodeSyncUpdate(BOMB))
        const { code } = await client.closed
        if (code === CloseCode.DecodeTimeout || code === CloseCode.CorruptUpdate)
          cutOff.set(user, (cutOff.get(user) ?? 0) + 1)
      }
    }
    const attackers = [
      ...['m1', 'm2', 'm3'].map((doc) => attack('mallory', doc)),
      ...['e1', 'e2', 'e3'].map((doc) => attack('eve', doc)),
    ]
    try {
      const bystander = connect('declaration/bystander/draft?user=alice')
      await openedByRelay(bystander)
      // Both accounts have had a bomb cut off, so the validator knows them by now.
      await waitFor(
        () => cutOff.has('mallory') && cutOff.has('eve'),
        'both accounts had a bomb cut off',
        4 * DECODE_TIMEOUT_MS + 10_000,
      )
      const waits: number[] = []
      // Round 0 may wait for a worker the first bombs had to replace; later rounds find the pool
      // settled, with the accounts known and restricted to one worker between them.
      for (let round = 0; round < 5; round++) {
        const answered = bystander.received.filter(isSyncStep2).length
        const started = performance.now()
        bystander.send(encodeSyncUpdate(textBy(1_000 + round, `edit ${round} `)))
        // Handled in order: the answer to this step 1 comes once the update was committed.
        bystander.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
        await waitFor(
          () => bystander.received.filter(isSyncStep2).length > answered,
          `bystander round ${round} answered`,
          30_000,
        )
        waits.push(performance.now() - started)
      }
      // Behind a queue of bombs, each round would wait for several decode deadlines.
      const settled = waits.slice(1)
      expect(Math.max(...settled), `waits: ${waits.map(Math.round).join(', ')} ms`).toBeLessThan(
        DECODE_TIMEOUT_MS,
      )
      expect(bystander.socket.readyState).toBe(bystander.socket.OPEN)
    } finally {
      stop = true
      for (const client of raws) client.close()
      await Promise.all(attackers)
    }
  }, 60_000)
})

describe('frames waiting on an open connection are bounded', () => {
  it('closes a connection that piles up messages behind a slow one', async () => {
    const client = connect('declaration/queue/draft?user=mallory')
    await openedByRelay(client)
    // The bomb holds the connection's queue for the decode deadline; the rate limit alone lets
    // all of the rest through.
    client.send(encodeSyncUpdate(BOMB))
    for (let i = 0; i < 1_100; i++) client.send(QUERY_AWARENESS_FRAME)
    expect((await client.closed).code).toBe(CloseCode.RateLimited)
  })
})

describe('awareness client ids per connection are capped', () => {
  const entry = (clientId: number, clock = 1, json = '{"cursor":null}') => ({
    clientId,
    clock,
    json,
  })

  it('closes a connection that introduces more ids than the cap in one message', async () => {
    const client = connect('declaration/awareness-cap/draft?user=mallory')
    await openedByRelay(client)
    const ids = Array.from({ length: 9 }, (_, i) => entry(10_000 + i))
    client.send(rawAwarenessFrame(ids))
    expect((await client.closed).code).toBe(CloseCode.InvalidAwareness)
  })

  it('closes one that adds them one message at a time, past the cap', async () => {
    const client = connect('declaration/awareness-cap/draft?user=mallory')
    await openedByRelay(client)
    for (let i = 0; i < 9; i++) client.send(rawAwarenessFrame([entry(20_000 + i)]))
    expect((await client.closed).code).toBe(CloseCode.InvalidAwareness)
  })

  it('lets a connection that clears its ids use new ones', async () => {
    const client = connect('declaration/awareness-cap/draft?user=alice')
    await openedByRelay(client)
    for (let i = 0; i < 20; i++) {
      client.send(rawAwarenessFrame([entry(30_000 + i)]))
      client.send(rawAwarenessFrame([entry(30_000 + i, 2, 'null')]))
    }
    client.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    const closed = await closeOrFence(client, () => client.received.some(isSyncStep2))
    expect(closed).toBeNull()
  })
})
