/**
 * The one seam between the renderer and its platform. The Electron preload exposes an object of
 * this type as `window.accord` (checked with `satisfies`); the web build implements the same
 * interface with the browser's own means. The renderer never knows which one it runs in.
 */
export interface AccordBridge {
  /** Which implementation this is, for the few places the UI words things differently. */
  readonly platform: 'electron' | 'web'
  /** The server this client talks to: chosen at sign-in on the desktop, the page's origin on the web. */
  serverUrl(): Promise<string | null>
  setServerUrl(url: string): Promise<void>
  /**
   * The session token, kept by the platform (Electron's safeStorage; on the web the session is
   * an HttpOnly cookie, so there is no token to keep and this answers null).
   */
  loadSession(): Promise<string | null>
  /** Keeps the token; answers false when it could not be kept safely (then it is not kept at all). */
  saveSession(token: string): Promise<boolean>
  clearSession(): Promise<void>
  /** Opens an https link in the system browser; other schemes are refused. */
  openExternal(url: string): Promise<void>
}
