import { Hono } from 'hono'
import type { Relay } from '../../sync/Relay.js'

/** `/healthz`: 200 while the server accepts connections, with a few counters for operators. */
export function healthRoute(relay: Relay) {
  return new Hono().get('/', (c) => {
    const stats = relay.stats()
    return c.json({
      status: 'ok',
      connections: stats.open,
      documents: relay.loadedDocuments().length,
    })
  })
}
