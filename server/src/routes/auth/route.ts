import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { ApiError } from '../../errors.js'
import { requireUser, SESSION_COOKIE } from '../../middleware/sessionAuth.js'
import type { AppEnv } from '../../services.js'
import { ErrorSchema, errorResponses, json, jsonBody } from '../schemas.js'
import {
  ChangePasswordRequest,
  LoginRequest,
  LoginResponse,
  MeResponse,
  SignedOut,
} from './schema.js'

const login = createRoute({
  // Public: no session is needed.
  security: [],
  summary: 'Sign in',
  description:
    'With email and password. `mode: "cookie"` (the web client) sets an HttpOnly session cookie; `mode: "bearer"` answers a token for `Authorization: Bearer` and the relay\'s `?token=`. Throttled per account and source.',
  method: 'post',
  path: '/login',
  request: jsonBody(LoginRequest),
  responses: {
    200: json(LoginResponse, 'Signed in'),
    ...errorResponses,
    429: json(
      ErrorSchema,
      '`too_many_requests`: too many attempts for this account from this address; wait the seconds in Retry-After',
    ),
  },
})

const me = createRoute({
  summary: 'Who am I',
  description: 'The signed-in user and their current memberships.',
  method: 'get',
  path: '/me',
  middleware: [requireUser],
  responses: {
    200: json(MeResponse, 'The signed-in user and their memberships'),
    ...errorResponses,
  },
})

const logout = createRoute({
  summary: 'Sign out',
  description: 'Ends this session; its live connections close with 4401.',
  method: 'post',
  path: '/logout',
  middleware: [requireUser],
  responses: { 200: json(SignedOut, 'This session ended'), ...errorResponses },
})

const logoutAll = createRoute({
  summary: 'Sign out everywhere',
  description: 'Ends every session of the user; all their live connections close.',
  method: 'post',
  path: '/logout-all',
  middleware: [requireUser],
  responses: { 200: json(SignedOut, 'Every session of the user ended'), ...errorResponses },
})

const changePassword = createRoute({
  summary: 'Change my password',
  description: 'Needs the current password. Ends every other session and answers a fresh one.',
  method: 'post',
  path: '/password',
  middleware: [requireUser],
  request: jsonBody(ChangePasswordRequest),
  responses: {
    200: json(LoginResponse, 'Password changed; every other session ended'),
    ...errorResponses,
  },
})

/** Starts a session in the form the client asked for. */
async function startSession(c: Context<AppEnv>, userId: string, mode: 'cookie' | 'bearer') {
  const { sessions, secureCookies } = c.var.services
  const { token, session } = await sessions.create(userId, mode)
  const expiresAt = session.createdAt + sessions.policy.absoluteLifetimeMs
  if (mode === 'cookie') {
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: secureCookies,
      path: '/',
      maxAge: Math.floor(sessions.policy.absoluteLifetimeMs / 1000),
    })
    return { expiresAt }
  }
  return { token, expiresAt }
}

/** /api/auth: sign-in, sign-out, the current user, password change. */
export function authRoutes() {
  return new OpenAPIHono<AppEnv>()
    .openapi(login, async (c) => {
      const { email, password, mode } = c.req.valid('json')
      const { accounts, audit, throttle } = c.var.services
      // The address of the TCP peer. Behind a reverse proxy every request has the proxy's, and
      // the throttle falls back to being per account.
      // (In-process requests, as some tests make, have no socket.)
      const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)
        ?.incoming
      const source = incoming?.socket?.remoteAddress ?? 'unknown'
      const wait = throttle.attempt(email, source)
      if (wait > 0) {
        await audit.record({
          actorUserId: null,
          action: 'auth.login',
          outcome: 'denied',
          detail: { email, reason: 'throttled' },
        })
        throw new ApiError(
          'too_many_requests',
          'too many sign-in attempts for this account; try again later',
          {
            'Retry-After': String(wait),
          },
        )
      }
      const user = await accounts.authenticate(email, password)
      if (!user) {
        await audit.record({
          actorUserId: null,
          action: 'auth.login',
          outcome: 'failed',
          detail: { email },
        })
        throw new ApiError('invalid_credentials', 'wrong email or password')
      }
      const started = await startSession(c, user.id, mode)
      await audit.record({
        actorUserId: user.id,
        action: 'auth.login',
        outcome: 'ok',
        detail: { mode },
      })
      return c.json({ user, ...started }, 200)
    })
    .openapi(me, async (c) => {
      const user = c.var.user!
      return c.json(
        { user, memberships: await c.var.services.conferences.membershipsOf(user.id) },
        200,
      )
    })
    .openapi(logout, async (c) => {
      const { sessions, audit, relay } = c.var.services
      const session = c.var.session!
      await sessions.invalidate(session.id)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      await audit.record({ actorUserId: session.userId, action: 'auth.logout', outcome: 'ok' })
      await relay.revalidate((connection) => connection.principal?.sessionId === session.id)
      return c.json({ ended: 1 }, 200)
    })
    .openapi(logoutAll, async (c) => {
      const { sessions, audit, relay } = c.var.services
      const userId = c.var.user!.id
      const ended = await sessions.invalidateAll(userId)
      deleteCookie(c, SESSION_COOKIE, { path: '/' })
      await audit.record({
        actorUserId: userId,
        action: 'auth.logout-all',
        outcome: 'ok',
        detail: { ended },
      })
      await relay.revalidate((connection) => connection.principal?.userId === userId)
      return c.json({ ended }, 200)
    })
    .openapi(changePassword, async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json')
      const { accounts, audit, relay } = c.var.services
      const user = c.var.user!
      if (!(await accounts.authenticate(user.email, currentPassword))) {
        await audit.record({ actorUserId: user.id, action: 'auth.password', outcome: 'failed' })
        throw new ApiError('invalid_credentials', 'the current password is wrong')
      }
      // Ends every session, this one included; the caller gets a fresh one.
      await accounts.setPassword(user.id, newPassword)
      await audit.record({ actorUserId: user.id, action: 'auth.password', outcome: 'ok' })
      await relay.revalidate((connection) => connection.principal?.userId === user.id)
      const mode = c.req.header('authorization')?.startsWith('Bearer ') ? 'bearer' : 'cookie'
      return c.json({ user, ...(await startSession(c, user.id, mode)) }, 200)
    })
}
