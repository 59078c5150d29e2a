import { DESKTOP_APP_ORIGIN } from '@accord/protocol'
import type { MiddlewareHandler } from 'hono'
import { ApiError } from '../errors.js'
import type { AppEnv } from '../services.js'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** Options of the CSRF check. */
export interface CsrfOptions {
  /** Origins (scheme://host[:port]) a browser may call the API from. */
  readonly allowedOrigins: readonly string[]
}

/**
 * Refuses cross-site state changes. Every non-GET request without a bearer token must be JSON (a cross-site HTML form
 * can only send form encodings or text/plain, and JSON needs a CORS preflight Accord never
 * grants), and a browser's own signals must say the request is not cross-site: `Sec-Fetch-Site`
 * where sent, otherwise `Origin` against the allowlist. Non-browser clients (desktop, tools)
 * send neither header and authenticate with a bearer token, which no other site can attach.
 */
export function csrf({ allowedOrigins }: CsrfOptions): MiddlewareHandler<AppEnv> {
  const allowed = new Set(allowedOrigins)
  return async function csrfHandler(c, next) {
    if (SAFE_METHODS.has(c.req.method)) return next()
    // A bearer token is never attached by a browser on its own, so no other site can make a
    // request carry one: CSRF is a risk of cookie sessions (and of sign-in) only.
    if (c.req.header('authorization')?.startsWith('Bearer ')) return next()
    const contentType = c.req.header('content-type')?.split(';')[0]?.trim().toLowerCase()
    if (contentType !== 'application/json') {
      throw new ApiError(
        'csrf_rejected',
        'state-changing requests must send Content-Type: application/json',
      )
    }
    const site = c.req.header('sec-fetch-site')
    // The desktop app's pages are cross-site to every server by nature; their Origin is one no
    // web page can send, and they sign in for bearer tokens, which no other site can attach.
    const fromDesktop = c.req.header('origin') === DESKTOP_APP_ORIGIN
    if (!fromDesktop && site !== undefined && site !== 'same-origin' && site !== 'none') {
      throw new ApiError('csrf_rejected', 'cross-site request refused')
    }
    if (!originAllowed(c.req.header('origin'), c.req.header('host'), allowed)) {
      throw new ApiError('csrf_rejected', 'request from a foreign origin refused')
    }
    await next()
  }
}

/**
 * Whether a request's `Origin` is acceptable: absent (not a browser), the desktop app's, on the
 * allowlist, or the very host the request was sent to (the web client served by this server).
 */
export function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: ReadonlySet<string>,
): boolean {
  if (origin === undefined) return true
  if (origin === DESKTOP_APP_ORIGIN || allowed.has(origin)) return true
  try {
    return host !== undefined && new URL(origin).host === host
  } catch {
    return false
  }
}
