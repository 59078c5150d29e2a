import { readFile, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { Hono } from 'hono'
import { WEB_CLIENT_CSP } from './contentSecurityPolicy.js'

/** Options of the web client route. */
export interface WebClientOptions {
  /** The directory of the web build (`desktop/dist/web`), located by path: the server imports no desktop code. */
  readonly dir: string
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

/** Headers every response of the web client carries. */
function securityHeaders(): Record<string, string> {
  return {
    'Content-Security-Policy': WEB_CLIENT_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
}

/**
 * Vite names every file under `assets/` after a hash of its content, so they never change and
 * may be cached for a year. Everything else (index.html above all) must be revalidated, or a
 * browser would keep running an old client against a new server.
 */
function cacheControl(relative: string): string {
  return relative.startsWith(`assets${sep}`) || relative.startsWith('assets/')
    ? 'public, max-age=31536000, immutable'
    : 'no-cache'
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile()
  } catch {
    return false
  }
}

const MISSING_BUILD = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Accord: web client not built</title></head>
<body><main><h1>The Accord web client has not been built</h1>
<p>This server serves the web client from a build that is not there yet. Build it with
<code>pnpm run setup</code> (or <code>pnpm --filter @accord/desktop build:web</code>) and reload
this page. The API under <code>/api</code> works meanwhile.</p></main></body></html>
`

/**
 * `/app`: the web build of the renderer. Files are served from `dir` only (a path that resolves
 * outside it is treated as unknown), any other path under /app gets index.html so that the
 * client's own routes survive a reload, and every answer carries the strict CSP. When the build
 * is missing the answer says so, in words, with the command that fixes it.
 */
export function webClientRoute({ dir }: WebClientOptions) {
  const root = resolve(dir)
  const index = join(root, 'index.html')
  return new Hono()
    .get('/', async (c, next) => {
      // `/app` → `/app/`: the build refers to its files relative to /app/.
      if (!c.req.path.endsWith('/')) return c.redirect('/app/', 301)
      await next()
    })
    .get('/*', async (c) => {
      const headers = securityHeaders()
      if (!(await isFile(index))) {
        return c.html(MISSING_BUILD, 503, { ...headers, 'Cache-Control': 'no-store' })
      }
      const raw = c.req.path.replace(/^\/app\/?/, '')
      let relative: string
      try {
        relative = decodeURIComponent(raw)
      } catch {
        relative = ''
      }
      const candidate = resolve(root, relative)
      const inside = candidate === root || candidate.startsWith(root + sep)
      let file = index
      if (inside && candidate !== root && !relative.includes('\0') && (await isFile(candidate))) {
        file = candidate
      } else if (/^assets\//.test(relative) || extname(relative) !== '') {
        // A missing asset is a 404, not the page: a script tag given HTML fails obscurely.
        return c.text('not found', 404, { ...headers, 'Cache-Control': 'no-cache' })
      }
      const body = await readFile(file)
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream'
      const name = file === index ? 'index.html' : file.slice(root.length + 1)
      return c.body(body, 200, {
        ...headers,
        'Content-Type': type,
        'Cache-Control': cacheControl(name),
      })
    })
}
