import type { Child } from 'hono/jsx'

/** The frame of every server-rendered page: language, viewport, the stylesheet, a skip link. */
export function Layout({
  title,
  children,
  lang = 'en',
  nav = true,
}: {
  title: string
  children: Child
  lang?: string
  nav?: boolean
}) {
  return (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <link rel="stylesheet" href="/portal.css" />
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to the text
        </a>
        {nav ? (
          <header class="site">
            <nav aria-label="Site">
              <a href="/">Published texts</a> · <a href="/verify">How to verify a text</a>
            </nav>
          </header>
        ) : null}
        <main id="main">{children}</main>
        {nav ? (
          <footer class="site">
            Texts on this site are signed by this server. See <a href="/verify">how to verify</a>.
          </footer>
        ) : null}
      </body>
    </html>
  )
}

/** A page as a complete HTML document. */
export function htmlDocument(page: unknown): string {
  return `<!doctype html>${String(page)}`
}
