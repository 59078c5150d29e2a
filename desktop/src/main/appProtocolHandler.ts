import { readFile } from 'node:fs/promises'
import { confineToRoot } from './confineToRoot.js'
import { applyContentSecurityPolicy } from './contentSecurityPolicy.js'
import { contentTypeFor } from './contentTypeFor.js'
import { resolveAppPath } from './resolveAppPath.js'

/** Headers on every response of the app's protocol, errors included. */
function securityHeaders(): Record<string, string> {
  return applyContentSecurityPolicy({
    'X-Content-Type-Options': 'nosniff',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  })
}

function refusal(status: number): Response {
  return new Response(null, { status, headers: securityHeaders() })
}

/**
 * The handler behind `protocol.handle('accord', …)`: serves the built renderer from `root`,
 * read-only. It takes and returns the web platform's `Request`/`Response`, so it runs (and is
 * tested) in plain Node with no Electron.
 */
export function createAppProtocolHandler(root: string): (request: Request) => Promise<Response> {
  return async function serveApp(request) {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405)
    const resolved = resolveAppPath(request.url)
    if (!resolved.ok) return refusal(resolved.reason === 'foreign_origin' ? 403 : 400)
    const file = await confineToRoot(root, resolved.relativePath)
    if (file === null) return refusal(404)
    let body: Buffer
    try {
      body = await readFile(file)
    } catch {
      return refusal(404)
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...securityHeaders(), 'Content-Type': contentTypeFor(file) },
    })
  }
}
