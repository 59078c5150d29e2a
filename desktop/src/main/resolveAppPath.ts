import { isAppUrl } from './appOrigin.js'

export type AppPathResolution =
  | { ok: true; relativePath: string }
  | { ok: false; reason: 'foreign_origin' | 'malformed' | 'traversal' }

const INDEX = 'index.html'

/**
 * Maps an `accord://app/…` request URL to a path relative to the renderer's build folder, or
 * refuses it. Pure string work; `confineToRoot` then follows symlinks on disk.
 *
 * Each raw segment is decoded on its own, once. Anything that could change which folder a
 * segment names is refused rather than normalised: `.`/`..` (in any encoding), an encoded `/`,
 * a backslash, NUL or other control characters, a drive letter's `:`, and a `%` left after
 * decoding (double encoding). The app's own files never need any of these.
 */
export function resolveAppPath(requestUrl: string): AppPathResolution {
  if (!isAppUrl(requestUrl)) return { ok: false, reason: 'foreign_origin' }
  const rawPath = rawPathOf(requestUrl)
  if (rawPath === null) return { ok: false, reason: 'malformed' }
  if (rawPath.includes('\\')) return { ok: false, reason: 'traversal' }

  const segments: string[] = []
  // The leading '/' gives one empty first segment; an empty last segment means a folder.
  const rawSegments = rawPath.split('/').slice(1)
  for (const [index, raw] of rawSegments.entries()) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return { ok: false, reason: 'malformed' }
    }
    if (segment === '') {
      if (index === rawSegments.length - 1) continue
      // `//` would let a later segment be read as absolute by some path APIs.
      return { ok: false, reason: 'traversal' }
    }
    if (segment === '.' || segment === '..') return { ok: false, reason: 'traversal' }
    if (/[/\\:%]/.test(segment)) return { ok: false, reason: 'traversal' }
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(segment)) return { ok: false, reason: 'traversal' }
    segments.push(segment)
  }
  if (segments.length === 0 || rawPath.endsWith('/')) segments.push(INDEX)
  return { ok: true, relativePath: segments.join('/') }
}

/**
 * The path exactly as written in the URL, between the host and any query or fragment. Read from
 * the string rather than `URL.pathname`, because the URL parser already folds `..` and `%2e%2e`
 * away, and this function must see what was asked for to refuse it.
 */
function rawPathOf(url: string): string | null {
  const afterScheme = url.indexOf('://')
  if (afterScheme < 0) return null
  const rest = url.slice(afterScheme + 3)
  const end = rest.search(/[?#]/)
  const authorityAndPath = end < 0 ? rest : rest.slice(0, end)
  const slash = authorityAndPath.indexOf('/')
  return slash < 0 ? '/' : authorityAndPath.slice(slash)
}
