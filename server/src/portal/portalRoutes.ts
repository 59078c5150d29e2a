import type { PublicationBundle } from '@accord/protocol'
import { type Context, Hono } from 'hono'
import type { Publications } from '../publication/Publications.js'
import type { FinalText } from '../publication/renderText.js'
import type { SigningKey } from '../publication/SigningKey.js'
import { htmlDocument } from './Layout.js'
import {
  ConferencePage,
  HomePage,
  NotFoundPage,
  type PublishedConference,
  TextPage,
  VerifyPage,
} from './pages.js'
import { PORTAL_CSS } from './portalCss.js'

/** What the portal reads: published rows and the public key, nothing else. */
export interface PortalOptions {
  readonly publications: Publications
  readonly key: SigningKey
}

/**
 * The portal's policy: no script at all, styles only from /portal.css, nothing framed, no forms.
 * A published text cannot run anything in a reader's browser, whatever it contains.
 */
export const PORTAL_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The two files a verifier needs, a bundle and the public key, may be read by scripts of any
 * origin (the desktop app at accord://app verifies what it shows; so may any verifier page).
 * They are public already; `*` carries no credentials, and nothing else here is opened. (The
 * same-origin resource policy below concerns no-cors loads only, not these CORS reads.)
 */
const READABLE_ANYWHERE = { 'Access-Control-Allow-Origin': '*' } as const

const ID = /^[a-z0-9]{1,40}$/
const FILE_TYPES = {
  'text.html': 'text/html; charset=utf-8',
  'text.txt': 'text/plain; charset=utf-8',
  'text.json': 'application/json; charset=utf-8',
} as const

/**
 * The public portal at `/`: server-rendered HTML that needs no JavaScript, listing conferences
 * and their published texts. It is built only from publication rows (immutable, signed) and the
 * public key: it holds no reference to drafts, mirrors, positions or comments, so nothing
 * unpublished can be reached through it, by any URL.
 */
export function portalRoutes({ publications, key }: PortalOptions) {
  const app = new Hono()
  app.use(async function portalHeaders(c, next) {
    await next()
    c.header('Content-Security-Policy', PORTAL_CSP)
    c.header('X-Content-Type-Options', 'nosniff')
    c.header('Referrer-Policy', 'no-referrer')
    c.header('Cross-Origin-Resource-Policy', 'same-origin')
  })

  async function published(): Promise<PublishedConference[]> {
    const byConference = new Map<string, PublishedConference>()
    for (const summary of await publications.list()) {
      const { manifest } = await publications.bundle(summary.id)
      const entry = byConference.get(manifest.conference.id) ?? {
        id: manifest.conference.id,
        name: manifest.conference.name,
        venue: manifest.conference.venue,
        texts: [],
      }
      entry.texts.push({ ...summary, manifest })
      byConference.set(entry.id, entry)
    }
    return [...byConference.values()]
  }

  async function bundleOf(id: string): Promise<{ text: string; bundle: PublicationBundle } | null> {
    if (!ID.test(id)) return null
    try {
      const text = await publications.bundleText(id)
      return { text, bundle: JSON.parse(text) as PublicationBundle }
    } catch {
      return null
    }
  }

  const notFound = (c: Context) => c.html(htmlDocument(NotFoundPage()), 404)

  app.get('/', async (c) => c.html(htmlDocument(HomePage({ conferences: await published() }))))
  app.get('/portal.css', (c) =>
    c.body(PORTAL_CSS, 200, {
      'Content-Type': 'text/css; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
    }),
  )
  app.get('/verify', (c) =>
    c.html(htmlDocument(VerifyPage({ fingerprint: key.fingerprint, publicKey: key.publicKey }))),
  )
  app.get('/.well-known/accord-signing-key', (c) =>
    c.json(
      { algorithm: 'Ed25519', publicKey: key.publicKey, fingerprint: key.fingerprint },
      200,
      READABLE_ANYWHERE,
    ),
  )
  app.get('/conferences/:conferenceId', async (c) => {
    // A conference with nothing published does not exist for the public.
    const conference = (await published()).find((x) => x.id === c.req.param('conferenceId'))
    return conference ? c.html(htmlDocument(ConferencePage({ conference }))) : notFound(c)
  })
  app.get('/texts/:publicationId', async (c) => {
    const found = await bundleOf(c.req.param('publicationId'))
    if (!found) return notFound(c)
    const text = JSON.parse(found.bundle.files['text.json']) as FinalText
    return c.html(htmlDocument(TextPage({ bundle: found.bundle, text })))
  })
  app.get('/texts/:publicationId/:file', async (c) => {
    const found = await bundleOf(c.req.param('publicationId'))
    const file = c.req.param('file')
    if (!found) return notFound(c)
    if (file === 'bundle.json') {
      // Served byte for byte as stored, so that it verifies.
      return c.body(found.text, 200, {
        'Content-Type': 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="${found.bundle.manifest.publicationId}.accord-bundle.json"`,
        ...READABLE_ANYWHERE,
      })
    }
    if (!Object.hasOwn(FILE_TYPES, file)) return notFound(c)
    const name = file as keyof typeof FILE_TYPES
    return c.body(found.bundle.files[name], 200, { 'Content-Type': FILE_TYPES[name] })
  })
  app.get('*', (c) => notFound(c))
  return app
}
