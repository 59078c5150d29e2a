import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import type { Logger } from 'pino'
import { createApp } from './app.js'
import type { Config } from './config.js'
import type { DocumentStore } from './storage/DocumentStore.js'
import { SqliteDocumentStore } from './storage/SqliteDocumentStore.js'
import { Relay } from './sync/Relay.js'
import type { Authorize } from './sync/RelaySocket.js'

/** Options of a running server; tests pass their own store or access hook. */
export interface StartOptions {
  readonly config: Config
  readonly log: Logger
  readonly store?: DocumentStore
  readonly authorize?: Authorize
}

/** A started server. */
export interface RunningServer {
  readonly port: number
  /** `http://host:port` */
  readonly url: string
  readonly relay: Relay
  readonly store: DocumentStore
  /** Closes connections with a retryable code, drains queued work, and closes the store. */
  close(): Promise<void>
}

/** Starts the HTTP server and the relay. Resolves once it listens. */
export async function startServer({
  config,
  log,
  store,
  authorize,
}: StartOptions): Promise<RunningServer> {
  const documentStore =
    store ??
    new SqliteDocumentStore({
      path: join(config.dataDir, 'accord.db'),
      synchronous: config.sqliteSynchronous,
    })
  const relay = new Relay({ store: documentStore, log, authorize, limits: config.limits })
  const { app, injectWebSocket, wss } = createApp({ relay, log })
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    )
    s.once('error', reject)
  })
  injectWebSocket(server)
  const { port } = server.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  let closing: Promise<void> | null = null
  return {
    port,
    url: `http://${host}:${port}`,
    relay,
    store: documentStore,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        await relay.close()
        for (const client of wss.clients) client.terminate()
        if ('closeAllConnections' in server) server.closeAllConnections()
        await stopped
        await documentStore.close()
      })()
      return closing
    },
  }
}
