import { bridge } from '../platform/bridge'
import { ApiError } from './ApiError'

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'

// Requests whose 401 means "wrong password" or "not signed in yet", not "your session ended".
const SIGN_IN_PATHS = ['/auth/login', '/auth/me', '/invitations/accept', '/invitations/lookup']

/** The prefix of cached GET answers in localStorage; signing out deletes them all. */
export const READ_CACHE_PREFIX = 'accord.read/'

/** Deletes every cached answer (sign-out, or another user signing in). */
export function clearReadCache(): void {
  for (const key of Object.keys(localStorage)) {
    if (key.startsWith(READ_CACHE_PREFIX)) localStorage.removeItem(key)
  }
}

/** Who to tell when the server says the session has ended (the session module sets it). */
export const apiEvents = { onUnauthorized: () => {} }

/**
 * Calls the REST API. The web client sends its session cookie (same origin); the desktop sends
 * the bearer token its bridge keeps. Bodies are always JSON, which is also what the server's
 * CSRF check requires of cookie sessions. Every failure becomes an {@link ApiError}.
 */
export async function api<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const [server, token] = await Promise.all([bridge.serverUrl(), bridge.loadSession()])
  const headers: Record<string, string> = { accept: 'application/json' }
  if (method !== 'GET') headers['content-type'] = 'application/json'
  if (token) headers.authorization = `Bearer ${token}`
  let response: Response
  try {
    response = await fetch(`${server ?? ''}/api${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      body: method === 'GET' ? undefined : JSON.stringify(body ?? {}),
    })
  } catch (error) {
    // Offline, what was read last time still shows: the conference, its declarations, who is who.
    const cached = method === 'GET' ? localStorage.getItem(READ_CACHE_PREFIX + path) : null
    if (cached !== null) return JSON.parse(cached) as T
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error))
  }
  const text = await response.text()
  let json: unknown = null
  try {
    json = text ? JSON.parse(text) : null
  } catch {
    json = null
  }
  if (!response.ok) {
    if (response.status === 401 && !SIGN_IN_PATHS.includes(path)) apiEvents.onUnauthorized()
    const error = (json as { error?: { code?: string; message?: string } } | null)?.error
    const retry = Number(response.headers.get('retry-after'))
    throw new ApiError(
      response.status,
      error?.code ?? 'internal',
      error?.message ?? response.statusText,
      Number.isFinite(retry) && retry > 0 ? retry : null,
    )
  }
  if (method === 'GET') localStorage.setItem(READ_CACHE_PREFIX + path, text)
  return json as T
}

/** The path of a declaration's resources. */
export function declarationPath(conferenceId: string, declarationId: string): string {
  return `/conferences/${conferenceId}/declarations/${declarationId}`
}
