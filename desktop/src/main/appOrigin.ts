import type { DESKTOP_APP_ORIGIN } from '@accord/protocol'

/**
 * The app's own origin. The renderer is served from `accord://app/…` rather than `file://`, so it
 * has a real origin of its own: the CSP's `'self'`, the IPC sender check and the navigation rules
 * all key on it, and no other page on disk shares it.
 */
export const APP_SCHEME = 'accord'
export const APP_HOST = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}` satisfies typeof DESKTOP_APP_ORIGIN
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * Whether `url` is a page of the app itself. Compared part by part rather than by `URL.origin`,
 * which is the opaque "null" for schemes Node does not know.
 */
export function isAppUrl(url: string | undefined | null): boolean {
  if (typeof url !== 'string') return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === ''
  )
}
