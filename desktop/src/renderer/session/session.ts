import { ApiError } from '../api/ApiError'
import { api, apiEvents, clearReadCache } from '../api/apiClient'
import type { Me, User } from '../api/types'
import { ExternalStore } from '../app/ExternalStore'
import { connections, sessionEvents } from '../connection/connections'
import { bridge } from '../platform/bridge'

/** Where the session stands. */
export type SessionState =
  | { readonly status: 'loading' }
  | { readonly status: 'signedOut'; readonly expired: boolean }
  | { readonly status: 'signedIn'; readonly me: Me }
  | { readonly status: 'unreachable' }

/** The signed-in user, outside React: the connection manager and the screens read it. */
export const session = new ExternalStore<SessionState>({ status: 'loading' })

/** Asks the server who is signed in (the cookie or the kept token decides). */
export async function loadSession(): Promise<void> {
  try {
    const me = await api<Me>('GET', '/auth/me')
    const previous = session.get()
    // Another person at this computer: nothing read for the last one is shown to them.
    if (previous.status === 'signedIn' && previous.me.user.id !== me.user.id) clearReadCache()
    const [token, serverUrl] = await Promise.all([bridge.loadSession(), bridge.serverUrl()])
    connections.setUser({
      userId: me.user.id,
      token,
      serverUrl: serverUrl ?? window.location.origin,
    })
    session.set({ status: 'signedIn', me })
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      clearReadCache()
      session.set({ status: 'signedOut', expired: false })
    } else {
      session.set({ status: 'unreachable' })
    }
  }
}

/** Signs in with email and password; throws the server's refusal as an ApiError. */
export async function signIn(email: string, password: string): Promise<void> {
  const mode = bridge.platform === 'web' ? 'cookie' : 'bearer'
  const answer = await api<{ user: User; token?: string }>('POST', '/auth/login', {
    email,
    password,
    mode,
  })
  if (answer.token) await bridge.saveSession(answer.token)
  await loadSession()
}

/** Accepts an invitation as a new account; signs in. */
export async function acceptInvitation(input: {
  token: string
  name: string
  email: string
  password: string
}): Promise<void> {
  const mode = bridge.platform === 'web' ? 'cookie' : 'bearer'
  const answer = await api<{ token?: string }>('POST', '/invitations/accept', { ...input, mode })
  if (answer.token) await bridge.saveSession(answer.token)
  await loadSession()
}

/**
 * Signs out: ends the session on the server, closes every socket and deletes this user's local
 * copies of documents, so that the next person at a shared computer finds none of them.
 */
export async function signOut(): Promise<void> {
  try {
    await api('POST', '/auth/logout')
  } catch {
    // Signed out locally all the same; the server's session expires on its own.
  }
  await connections.forgetUser()
  clearReadCache()
  await bridge.clearSession()
  session.set({ status: 'signedOut', expired: false })
}

/** Called when the server says the session is gone (401, close code 4401). */
export function sessionExpired(): void {
  if (session.get().status === 'signedIn') session.set({ status: 'signedOut', expired: true })
}

sessionEvents.onUnauthorized = sessionExpired
apiEvents.onUnauthorized = sessionExpired
