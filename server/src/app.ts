import { createNodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import type { Logger } from 'pino'
import { requestLog } from './middleware/requestLog.js'
import { healthRoute } from './routes/health/route.js'
import { syncRoute } from './routes/sync/route.js'
import type { Relay } from './sync/Relay.js'

/** What the app needs. */
export interface AppOptions {
  readonly relay: Relay
  readonly log: Logger
}

/** Composes the HTTP routes and the relay endpoint. */
export function createApp({ relay, log }: AppOptions) {
  const app = new Hono()
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app })
  // ws accepts 100 MiB frames by default; the relay's own limit applies instead. Frames over it
  // close the connection with 1009 (MessageTooBig) before they are buffered whole.
  wss.options.maxPayload = relay.limits.maxFrameBytes
  app.use(requestLog({ log }))
  app.route('/healthz', healthRoute(relay))
  app.get('/sync/*', syncRoute(relay, upgradeWebSocket))
  return { app, injectWebSocket, wss }
}
