// The API's type comes from the server's routes: a type-only import, so the client never bundles
// server code, and a route change that breaks a caller fails type-checking.
import type { ApiType } from '@accord/server/api'
import { hc, type InferResponseType } from 'hono/client'

/** Options of the API client. */
export interface ApiClientOptions {
  /** A bearer session token (desktop, tools). The web client relies on its cookie instead. */
  readonly token?: string
  /** A fetch implementation; the global one by default. */
  readonly fetch?: typeof fetch
}

/** A typed client of Accord's REST API at `baseUrl` (e.g. `https://accord.example/api`). */
export function createApiClient(baseUrl: string, { token, fetch }: ApiClientOptions = {}) {
  return hc<ApiType>(baseUrl, {
    ...(fetch ? { fetch } : {}),
    headers: token ? { authorization: `Bearer ${token}` } : {},
  })
}

export type ApiClient = ReturnType<typeof createApiClient>

/** The body of an API error, `{ error: { code, message } }`, or null for any other body. */
export async function apiError(
  response: Response,
): Promise<{ code: string; message: string } | null> {
  try {
    const body = (await response.clone().json()) as {
      error?: { code?: unknown; message?: unknown }
    }
    if (typeof body.error?.code === 'string' && typeof body.error.message === 'string') {
      return { code: body.error.code, message: body.error.message }
    }
  } catch {
    // Not JSON.
  }
  return null
}

/** The typed routes of one declaration (paragraphs, state of play, positions, comments…). */
type DeclarationRoutes = ApiClient['conferences'][':conferenceId']['declarations'][':declarationId']

/** GET …/state: each paragraph's status, consensus, open brackets and objections. */
export type StateOfPlay = InferResponseType<DeclarationRoutes['state']['$get'], 200>

/** GET …/positions: the delegations, the paragraphs, and each current position. */
export type PositionsGrid = InferResponseType<DeclarationRoutes['positions']['$get'], 200>

/** One paragraph of GET …/paragraphs: identity, segments, and a bracketed rendering. */
export type DraftParagraph = InferResponseType<DeclarationRoutes['paragraphs']['$get'], 200>[number]
