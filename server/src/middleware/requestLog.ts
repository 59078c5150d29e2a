import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'pino'

/** Options of the request log. */
export interface RequestLogOptions {
  readonly log: Logger
  /** Paths logged at debug level only (health checks are frequent and uninteresting). */
  readonly quietPaths?: readonly string[]
}

/**
 * Logs one line per request: method, path, status and duration. Never the query string, which
 * may hold a session token.
 */
export function requestLog({
  log,
  quietPaths = ['/healthz'],
}: RequestLogOptions): MiddlewareHandler {
  return async function requestLogHandler(c, next) {
    const started = performance.now()
    await next()
    const line = {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    }
    if (quietPaths.includes(line.path)) log.debug(line, 'request')
    else log.info(line, 'request')
  }
}
