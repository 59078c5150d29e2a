import { DESKTOP_APP_ORIGIN } from '@accord/protocol'
import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import type { Logger } from 'pino'
import { HashQueueFull } from './auth/passwords.js'
import { ApiError, apiErrorOfRelay, type ErrorBody } from './errors.js'
import { csrf } from './middleware/csrf.js'
import { sessionAuth } from './middleware/sessionAuth.js'
import { authRoutes } from './routes/auth/route.js'
import { conferenceRoutes } from './routes/conferences/route.js'
import { historyRoutes } from './routes/history/route.js'
import { invitationRoutes } from './routes/invitations/route.js'
import { negotiationRoutes } from './routes/negotiation/route.js'
import { publicationRoutes } from './routes/publications/route.js'
import { type OpenApiDocument, renderReference } from './routes/reference/renderReference.js'
import { revisionRoutes } from './routes/revisions/route.js'
import { silenceRoutes } from './routes/silence/route.js'
import type { AppEnv, Services } from './services.js'
import { RelayError } from './sync/RelayError.js'

/** Options of the API. */
export interface ApiOptions {
  readonly services: Services
  readonly log: Logger
  /** Largest request body, in bytes; larger ones get 413 before they are read. */
  readonly maxBodyBytes?: number
}

/**
 * No command of the API needs more: its longest field, a comment or an amendment, is 10,000
 * characters, about 30 KB of Japanese in UTF-8.
 */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024

/**
 * The REST API under /api: session → CSRF → validation → handler, with one error shape.
 * Validation failures and thrown `ApiError`s become `{ "error": { "code", "message" } }`;
 * anything else is logged and answered as `internal`, without details.
 */
export function createApi({ services, log, maxBodyBytes = DEFAULT_MAX_BODY_BYTES }: ApiOptions) {
  const api = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const message = result.error.issues
          .map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`)
          .join('; ')
        throw new ApiError('invalid_request', message)
      }
    },
  })
  api.onError((error, c) => {
    if (error instanceof ApiError) {
      const body: ErrorBody = { error: { code: error.code, message: error.message } }
      return c.json(body, error.status, error.headers)
    }
    if (error instanceof HashQueueFull) {
      const body: ErrorBody = {
        error: {
          code: 'too_many_requests',
          message: 'the server is busy; try again in a few seconds',
        },
      }
      return c.json(body, 429, { 'Retry-After': '5' })
    }
    if (error instanceof HTTPException && error.status === 400) {
      const body: ErrorBody = {
        error: { code: 'invalid_request', message: error.message || 'malformed request' },
      }
      return c.json(body, 400)
    }
    if (error instanceof HTTPException && error.status === 415) {
      const body: ErrorBody = {
        error: {
          code: 'unsupported_media_type',
          message: 'send the body as JSON, with the header Content-Type: application/json',
        },
      }
      return c.json(body, 415)
    }
    if (error instanceof RelayError) {
      // A command that wrote to a live document outside `atomicCommand`: its SQL part may stand.
      log.warn({ err: error, path: c.req.path }, 'a command met a relay refusal')
      const mapped = apiErrorOfRelay(error, false)
      const body: ErrorBody = { error: { code: mapped.code, message: mapped.message } }
      return c.json(body, mapped.status, mapped.headers)
    }
    if (error instanceof SyntaxError) {
      return c.json(
        {
          error: { code: 'invalid_request', message: 'the body is not valid JSON' },
        } satisfies ErrorBody,
        400,
      )
    }
    log.error({ err: error, path: c.req.path }, 'unhandled API error')
    return c.json(
      { error: { code: 'internal', message: 'internal error' } } satisfies ErrorBody,
      500,
    )
  })
  api.notFound((c) =>
    c.json({ error: { code: 'not_found', message: 'no such endpoint' } } satisfies ErrorBody, 404),
  )
  // The desktop app calls the API cross-origin, from its own accord://app pages, with a bearer
  // token: CORS is granted to that one origin, without credentials (no cookie ever crosses).
  // Preflights are answered here, before any session is looked up.
  api.use(
    cors({
      origin: (origin) => (origin === DESKTOP_APP_ORIGIN ? origin : null),
      credentials: false,
      allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowHeaders: ['authorization', 'content-type'],
      exposeHeaders: ['retry-after'],
      maxAge: 600,
    }),
  )
  // Then, before anything reads the body or looks up a session: no account is needed to send
  // one. A declared length over the limit is refused unread; a streamed body is cut off at it.
  api.use(
    bodyLimit({
      maxSize: maxBodyBytes,
      onError: (c) =>
        c.json(
          {
            error: {
              code: 'payload_too_large',
              message: `the request body is over the limit of ${maxBodyBytes} bytes`,
            },
          } satisfies ErrorBody,
          413,
        ),
    }),
  )
  api.use(sessionAuth({ services }))
  api.use(csrf({ allowedOrigins: services.allowedOrigins }))
  const routes = api
    .route('/auth', authRoutes())
    .route('/conferences', conferenceRoutes())
    .route('/conferences', negotiationRoutes())
    .route('/conferences', historyRoutes())
    .route('/conferences', revisionRoutes())
    .route('/conferences', silenceRoutes())
    .route('/conferences', publicationRoutes())
    .route('/invitations', invitationRoutes())
  routes.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A token from `POST /auth/login` with `mode: "bearer"` (desktop app, scripts). Also opens the relay as `?token=`.',
  })
  routes.openAPIRegistry.registerComponent('securitySchemes', 'cookie', {
    type: 'apiKey',
    in: 'cookie',
    name: 'accord_session',
    description:
      'The HttpOnly session cookie from `POST /auth/login` with `mode: "cookie"` (the web client). Requests with it must be JSON and same-origin.',
  })
  routes.doc31('/openapi.json', OPENAPI_CONFIG)
  // The same document, as a page people read.
  routes.get('/docs', (c) =>
    c.html(renderReference(routes.getOpenAPI31Document(OPENAPI_CONFIG) as OpenApiDocument)),
  )
  return routes
}

const API_DESCRIPTION = [
  'Accord: negotiation of ministerial declarations. Every command is authorised by one access',
  'policy from the user’s memberships, the resource and the declaration’s stage.',
  'Errors have one shape, `{ "error": { "code", "message" } }`: branch on `code`, show `message`.',
  'The draft text and the live mirrors are Yjs documents on the relay (`/sync/<name>`); see',
  'docs/api.md for their names and shapes.',
].join(' ')

const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  servers: [{ url: '/api' }],
  security: [{ bearer: [] }, { cookie: [] }] as Record<string, string[]>[],
  info: { title: 'Accord API', version: '1', description: API_DESCRIPTION },
}

/** The API's type, from which the typed client (Hono RPC) is derived. */
export type ApiType = ReturnType<typeof createApi>
