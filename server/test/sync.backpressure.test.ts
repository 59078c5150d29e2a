import { CloseCode } from '@accord/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import type { RunningServer } from '../src/server.js'
import { startTestServer, synced, tempDataDir, waitFor, wsBase } from './helpers.js'
import {
  closesSince,
  openedByRelay,
  QUERY_AWARENESS_FRAME,
  tcpSocketOf,
  type WatchedClient,
  watchedClient,
} from './protocolFrames.js'
import { type RawClient, rawClient } from './rawClient.js'

const KiB = 1024
const MiB = 1024 * KiB

describe('backpressure and rate limits', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: RunningServer
  const raws: RawClient[] = []
  const clients: WatchedClient[] = []

  beforeEach(() => {
    data = tempDataDir()
  })

  afterEach(async () => {
    for (const raw of raws.splice(0)) raw.socket.terminate()
    for (const client of clients.splice(0)) client.destroy()
    await server.close()
    data.cleanup()
  })

  function raw(documentName: string): RawClient {
    const client = rawClient(`${wsBase(server)}/${documentName}`)
    raws.push(client)
    return client
  }

  function provider(documentName: string): WatchedClient {
    const client = watchedClient(server, documentName)
    clients.push(client)
    return client
  }

  it('closes a client that stopped reading, and drops nothing for live ones', async () => {
    server = await startTestServer(data.dir, {
      limits: {
        maxBufferedBytes: 256 * KiB,
        // The writer below may send tens of MiB in a few seconds; only the reader's buffer is
        // under test here, not the writer's byte rate or the document's size.
        bytesPerSecond: 1024 * MiB,
        byteBurst: 1024 * MiB,
        maxDocumentBytes: 1024 * MiB,
      },
    })
    const doc = 'declaration/backpressure/draft'
    const writer = provider(doc)
    const bystander = provider(doc)
    await Promise.all([synced(writer), synced(bystander)])
    const reader = raw(doc)
    const tcp = tcpSocketOf(reader.socket)
    await reader.opened
    await openedByRelay(reader)
    ;(await tcp).pause()

    const chunk = 64 * KiB
    const writerText = writer.doc.getText('text')
    const bystanderText = bystander.doc.getText('text')
    let sent = 0
    // The kernel buffers a few MiB of loopback traffic before the relay's own buffer grows, so
    // the writer keeps going until the relay gives up on the reader (bounded, to fail cleanly).
    while ((server.relay.stats().closes.SlowConsumer ?? 0) === 0 && sent < 48 * MiB) {
      writerText.insert(
        writerText.length,
        String.fromCharCode(97 + ((sent / chunk) % 26)).repeat(chunk),
      )
      sent += chunk
      // Pace on the bystander, so that it is a reader that keeps up, not a second slow consumer.
      await waitFor(() => bystanderText.length === writerText.length, 'the bystander keeps up')
    }
    expect(server.relay.stats().closes).toEqual({ SlowConsumer: 1 })

    // Life goes on for everyone else, and the bystander holds every single update.
    for (let i = 0; i < 5; i++) writerText.insert(writerText.length, `after-${i};`)
    bystander.doc.getMap('map').set('bystander', 'still writing')
    await waitFor(
      () =>
        bystanderText.toString() === writerText.toString() &&
        writer.doc.getMap('map').get('bystander') === 'still writing',
      'writer and bystander converge after the slow consumer was closed',
    )
    expect(bystanderText.length).toBe(sent + 5 * 'after-0;'.length)
    expect(writer.closes() + bystander.closes()).toBe(0)
    expect(server.relay.stats().closes).toEqual({ SlowConsumer: 1 })

    // The reader's socket was dropped without a handshake: once it reads again, it sees the end.
    ;(await tcp).resume()
    const closed = await reader.closed
    expect(closed.code).toBe(1006)
    expect(reader.socket.readyState).toBe(WebSocket.CLOSED)
  })

  it('closes a client that floods messages with RateLimited, and only that client', async () => {
    server = await startTestServer(data.dir, {
      limits: { messagesPerSecond: 10, messageBurst: 20 },
    })
    const doc = 'declaration/rate-limit/draft'
    const bystanderA = provider(doc)
    const bystanderB = provider(doc)
    await Promise.all([synced(bystanderA), synced(bystanderB)])
    const flooder = raw(doc)
    await flooder.opened
    await openedByRelay(flooder)
    const before = server.relay.stats().closes
    for (let i = 0; i < 200; i++) flooder.send(QUERY_AWARENESS_FRAME)
    const closed = await flooder.closed
    expect(closed.code).toBe(CloseCode.RateLimited)
    await waitFor(
      () => (server.relay.stats().closes.RateLimited ?? 0) >= 1,
      'the relay counted the RateLimited close',
    )
    expect(closesSince(before, server.relay.stats().closes)).toEqual({ RateLimited: 1 })

    bystanderA.doc.getMap('map').set('a', 1)
    await waitFor(() => bystanderB.doc.getMap('map').get('a') === 1, 'bystanders still sync')
    expect(bystanderA.closes() + bystanderB.closes()).toBe(0)
  })

  it('counts messages sent before the connection opened against the same limit', async () => {
    server = await startTestServer(data.dir, {
      limits: { messagesPerSecond: 10, messageBurst: 20 },
    })
    const flooder = raw('declaration/rate-limit-early/draft')
    await flooder.opened
    // Sent at once on open, while the relay is still authorising and loading.
    for (let i = 0; i < 200; i++) flooder.send(QUERY_AWARENESS_FRAME)
    const closed = await flooder.closed
    expect(closed.code).toBe(CloseCode.RateLimited)
  })
})
