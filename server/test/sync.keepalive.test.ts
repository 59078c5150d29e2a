import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { RunningServer } from '../src/server.js'
import { KEEPALIVE_MESSAGE } from '../src/sync/messages.js'
import { startTestServer, synced, tempDataDir, waitFor, wsBase } from './helpers.js'
import {
  openedByRelay,
  rawAwarenessFrame,
  sameBytes,
  tcpSocketOf,
  type WatchedClient,
  watchedClient,
} from './protocolFrames.js'
import { type RawClient, rawClient } from './rawClient.js'

// The period, and so the reaping window, must stay well above a stall of this test process:
// the bystanders run in the same event loop as the relay, and a pong still unread when the next
// tick fires counts as silence. At 1 s a stall of most of a second is tolerated; the tests wait
// for events, not for fixed times, so a larger period costs only a few seconds.
const KEEPALIVE_MS = 1_000
const GHOST_ID = 777_001

describe('keepalive', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: RunningServer
  const raws: RawClient[] = []
  const clients: WatchedClient[] = []

  beforeEach(async () => {
    data = tempDataDir()
    server = await startTestServer(data.dir, { limits: { keepaliveMs: KEEPALIVE_MS } })
  })

  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.socket.terminate()
    for (const client of clients.splice(0)) client.destroy()
    await server.close()
    data.cleanup()
  })

  function raw(documentName: string, options: WebSocket.ClientOptions = {}): RawClient {
    const client = rawClient(`${wsBase(server)}/${documentName}`, options)
    raws.push(client)
    return client
  }

  function provider(documentName: string): WatchedClient {
    const client = watchedClient(server, documentName)
    clients.push(client)
    return client
  }

  const keepalives = (client: RawClient) =>
    client.received.filter((frame) => sameBytes(frame, KEEPALIVE_MESSAGE)).length

  it('is the empty awareness update [1, 1, 0]', () => {
    expect([...KEEPALIVE_MESSAGE]).toEqual([1, 1, 0])
  })

  it('feeds an idle connection that answers pings but sends nothing', async () => {
    const idle = raw('declaration/keepalive-idle/draft')
    await idle.opened
    await openedByRelay(idle)
    await waitFor(() => keepalives(idle) >= 4, 'four keepalive messages arrived')
    // Every frame after the relay's own sync step 1 is a keepalive: nothing else was happening.
    expect(idle.received.slice(1).every((frame) => sameBytes(frame, KEEPALIVE_MESSAGE))).toBe(true)
    expect(idle.socket.readyState).toBe(WebSocket.OPEN)
    expect(server.relay.stats().closes).toEqual({})
    expect(server.relay.stats().events.keepaliveSent).toBeGreaterThanOrEqual(4)
  })

  it('keeps an idle stock provider receiving messages, so its 30 s timer never fires', async () => {
    const client = provider('declaration/keepalive-stock/draft')
    await synced(client)
    const syncedAt = client.provider.wsLastMessageReceived
    // Stock y-websocket reconnects when wsLastMessageReceived is 30 s old; on an otherwise silent
    // document only the relay's keepalives can move it.
    await waitFor(
      () => client.provider.wsLastMessageReceived >= syncedAt + 3 * KEEPALIVE_MS,
      'the provider kept receiving messages while idle',
    )
    expect(client.closes()).toBe(0)
    expect(client.provider.wsconnected).toBe(true)
  })

  async function expectReaped(ghost: RawClient, goSilent: () => Promise<void>): Promise<void> {
    const documentName = 'declaration/keepalive-reap/draft'
    const bystander = provider(documentName)
    await synced(bystander)
    await ghost.opened
    await openedByRelay(ghost)
    ghost.send(
      rawAwarenessFrame([{ clientId: GHOST_ID, clock: 1, json: '{"user":{"name":"Ghost"}}' }]),
    )
    await waitFor(
      () => bystander.provider.awareness.getStates().has(GHOST_ID),
      'the bystander sees the ghost',
    )
    await goSilent()
    await waitFor(
      () => (server.relay.stats().closes.Unresponsive ?? 0) >= 1,
      'the relay reaped the silent connection',
    )
    await waitFor(
      () => !bystander.provider.awareness.getStates().has(GHOST_ID),
      "the ghost's awareness state was removed for the bystander",
    )
    // Only the silent connection was reaped; the bystander answers pings and stays.
    expect(server.relay.stats().closes).toEqual({ Unresponsive: 1 })
    expect(server.relay.stats().open).toBe(1)
    expect(bystander.closes()).toBe(0)
  }

  it('reaps a client that never answers pings, and removes its awareness', async () => {
    const ghost = raw('declaration/keepalive-reap/draft', { autoPong: false })
    await expectReaped(ghost, async () => {})
  })

  it('reaps a client whose TCP socket stopped reading, and removes its awareness', async () => {
    const ghost = raw('declaration/keepalive-reap/draft')
    const tcp = tcpSocketOf(ghost.socket)
    await expectReaped(ghost, async () => {
      // Paused: pings pile up unread in the kernel, so no pong ever leaves.
      ;(await tcp).pause()
    })
  })
})
