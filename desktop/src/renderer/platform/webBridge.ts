import type { AccordBridge } from '../../shared/bridge'

/**
 * The bridge of the web build: the server is the page's own origin, and the session is the
 * server's HttpOnly cookie, so there is no token to keep (script could not read it anyway).
 */
export const webBridge = {
  platform: 'web',
  serverUrl: async () => window.location.origin,
  setServerUrl: async () => {},
  loadSession: async () => null,
  saveSession: async () => false,
  clearSession: async () => {},
  openExternal: async (url: string) => {
    if (new URL(url).protocol !== 'https:') return
    window.open(url, '_blank', 'noopener,noreferrer')
  },
} satisfies AccordBridge
