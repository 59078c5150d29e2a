import { DesktopError, DesktopErrorCode } from './DesktopError.js'

const MAX_URL_LENGTH = 2048

/**
 * Validates and normalises the server URL the user typed: http or https only, a host, no
 * user name or password (they would be sent with every request and kept in the settings
 * file), no query or fragment. A path is kept, for servers behind a reverse proxy under a
 * prefix; the trailing slash is dropped so the renderer can append `/api/…`.
 */
export function parseServerUrl(value: unknown): string {
  if (typeof value !== 'string') throw invalid('the server URL must be a string')
  const text = value.trim()
  if (text.length === 0 || text.length > MAX_URL_LENGTH)
    throw invalid('the server URL is empty or too long')
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused, not parsed away
  if (/[\u0000-\u001f\u007f\s]/.test(text))
    throw invalid('the server URL contains spaces or control characters')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw invalid('the server URL is not a URL')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw invalid('the server URL must start with https:// or http://')
  }
  // Read from the text too: the parser drops an empty user info (`https://:@host`) silently.
  const authority = text.slice(text.indexOf('//') + 2).split(/[/?#]/, 1)[0] ?? ''
  if (url.username !== '' || url.password !== '' || authority.includes('@')) {
    throw invalid('the server URL must not contain a user name or password')
  }
  if (url.hostname === '') throw invalid('the server URL has no host')
  if (url.search !== '' || url.hash !== '' || text.includes('?') || text.includes('#')) {
    throw invalid('the server URL must not have a query or fragment')
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`
}

function invalid(detail: string): DesktopError {
  return new DesktopError(DesktopErrorCode.invalidArgument, detail)
}
