import type { WebContents } from 'electron'

/**
 * Locks down every web contents the app creates: no navigation of any frame, no new windows,
 * no webviews. Links the page tries to follow go to `openExternally`, which opens only
 * allowlisted https links in the system browser. In-page (hash) navigation is not a navigation
 * and keeps working, which is how the renderer routes.
 */
export function hardenWebContents(
  contents: WebContents,
  openExternally: (url: string) => Promise<unknown>,
): void {
  contents.setWindowOpenHandler(({ url }) => {
    void openExternally(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event) => {
    event.preventDefault()
    void openExternally(event.url)
  })
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault()
  })
  contents.on('will-redirect', (event) => {
    event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
  })
}
