import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { ApiError } from '../errors.js'
import type { AppEnv, Services } from '../services.js'

/** The cookie of the web client's session. */
export const SESSION_COOKIE = 'accord_session'

/** The session token of a request: a bearer token (desktop, tools) or the web client's cookie. */
export function sessionToken(
  request: { header(name: string): string | undefined },
  cookie: string | undefined,
): string | null {
  const authorization = request.header('authorization')
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim()
  return cookie ?? null
}

/** Options of `sessionAuth`. */
export interface SessionAuthOptions {
  readonly services: Services
}

/** Resolves the session of every request, if any, into `c.var.user` and `c.var.session`. */
export function sessionAuth({ services }: SessionAuthOptions): MiddlewareHandler<AppEnv> {
  return async function sessionAuthHandler(c, next) {
    c.set('services', services)
    c.set('user', null)
    c.set('session', null)
    const token = sessionToken(c.req, getCookie(c, SESSION_COOKIE))
    if (token) {
      const session = await services.sessions.validate(token)
      const user = session ? await services.accounts.byId(session.userId) : null
      if (session && user) {
        c.set('session', session)
        c.set('user', user)
      }
    }
    await next()
  }
}

/** Requires a signed-in user; 401 otherwise. */
export const requireUser: MiddlewareHandler<AppEnv> = async function requireUserHandler(c, next) {
  if (!c.var.user) throw new ApiError('unauthenticated', 'sign in first')
  await next()
}
