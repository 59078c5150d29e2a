import { createNodeWebSocket } from '@hono/node-ws'
import { Hono } from 'hono'
import type { Logger } from 'pino'
import { createApi } from './api.js'
import { DEFAULT_WEB_DIR } from './config.js'
import { originAllowed } from './middleware/csrf.js'
import { requestLog } from './middleware/requestLog.js'
import { portalRoutes } from './portal/portalRoutes.js'
import { webClientRoute } from './routes/app/route.js'
import { healthRoute } from './routes/health/route.js'
import { syncRoute } from './routes/sync/route.js'
import type { Services } from './services.js'

/** What the app needs. */
export interface AppOptions {
  readonly services: Services
  readonly log: Logger
  /** The web client's build directory, served at /app; the checkout's own by default. */
  readonly webDir?: string
}

/** Composes the HTTP routes, the API and the relay endpoint. */
export function createApp({ services, log, webDir = DEFAULT_WEB_DIR }: AppOptions) {
  const { relay } = services
  const app = new Hono()
  const { upgradeWebSocket, injectWebSocket, wss } = createNodeWebSocket({ app })
  // ws accepts 100 MiB frames by default; the relay's own limit applies instead. Frames over it
  // close the connection with 1009 (MessageTooBig) before they are buffered whole.
  wss.options.maxPayload = relay.limits.maxFrameBytes
  const allowedOrigins = new Set(services.allowedOrigins)
  app.use(requestLog({ log }))
  app.route('/healthz', healthRoute(relay))
  app.route('/api', createApi({ services, log }))
  app.route('/app', webClientRoute({ dir: webDir }))
  app.get(
    '/sync/*',
    async function checkOrigin(c, next) {
      // Refused before the upgrade: a page on another site must not open the relay with the
      // user's cookie. Non-browser clients send no Origin and authenticate with a token.
      if (!originAllowed(c.req.header('origin'), c.req.header('host'), allowedOrigins)) {
        log.info({ path: c.req.path }, 'relay upgrade from a foreign origin refused')
        return c.json({ error: { code: 'forbidden', message: 'foreign origin' } }, 403)
      }
      await next()
    },
    syncRoute(relay, upgradeWebSocket),
  )
  // Unknown API paths answer in the API's error shape too (a mounted app's own notFound does not
  // apply under the parent).
  app.all('/api/*', (c) =>
    c.json({ error: { code: 'not_found', message: 'no such endpoint' } }, 404),
  )
  // #10: the public portal of published texts; last, so that it answers only what nothing else does.
  app.route('/', portalRoutes(services.outcomes))
  return { app, injectWebSocket, wss }
}
