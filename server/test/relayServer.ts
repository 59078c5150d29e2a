import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { documentNameFromPath } from '@accord/protocol'
import pino from 'pino'
import { WebSocketServer } from 'ws'
import { relaySocket } from '../src/routes/sync/route.js'
import type { DocumentStore } from '../src/storage/DocumentStore.js'
import { SqliteDocumentStore } from '../src/storage/SqliteDocumentStore.js'
import { Relay } from '../src/sync/Relay.js'
import type { RelayLimits } from '../src/sync/RelayLimits.js'
import type { Authorize, DocumentRules } from '../src/sync/RelaySocket.js'

/** A relay core on a real port with real SQLite, without the application around it. */
export interface RelayServer {
  readonly relay: Relay
  readonly store: DocumentStore
  readonly port: number
  /** Closes the relay, the socket server and the store. */
  close(): Promise<void>
}

/**
 * Starts the relay core behind a plain `ws` server on port 0, through the same socket adapter
 * as the Hono route. For tests of the relay's own mechanics that need their own `DocumentRules`
 * or store: the rules are the test's instrument, the relay's handling of them is under test.
 */
export async function startRelayServer(
  dataDir: string,
  options: {
    rules?: DocumentRules
    limits?: Partial<RelayLimits>
    authorize?: Authorize
    store?: (inner: DocumentStore) => DocumentStore
  } = {},
): Promise<RelayServer> {
  const inner = new SqliteDocumentStore({ path: join(dataDir, 'documents.db') })
  const store = options.store ? options.store(inner) : inner
  const relay = new Relay({
    store,
    log: pino({ level: 'silent' }),
    authorize: options.authorize ?? (() => 'write'),
    limits: options.limits,
    rules: options.rules,
  })
  const wss = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    maxPayload: relay.limits.maxFrameBytes,
  })
  await once(wss, 'listening')
  wss.on('connection', (ws, incoming) => {
    const target = incoming.url ?? '/'
    const path = target.split('?')[0]!
    const request = new Request(`http://127.0.0.1${target}`, {
      headers: incoming.headers as Record<string, string>,
    })
    const handle = relay.handleConnection(
      relaySocket(ws),
      request,
      documentNameFromPath(path) ?? '',
    )
    ws.on('message', (data: Buffer, isBinary) =>
      handle.receive(isBinary ? new Uint8Array(data) : data.toString()),
    )
    ws.on('pong', () => handle.pong())
    ws.on('close', (code) => handle.closed(code))
  })
  let closing: Promise<void> | null = null
  return {
    relay,
    store,
    port: (wss.address() as AddressInfo).port,
    close() {
      closing ??= (async () => {
        await relay.close()
        for (const client of wss.clients) client.terminate()
        await new Promise<void>((resolve) => wss.close(() => resolve()))
        await store.close()
      })()
      return closing
    },
  }
}
