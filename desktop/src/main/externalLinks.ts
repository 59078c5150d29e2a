const MAX_URL_LENGTH = 2048

/**
 * Origins that external links may open in the system browser, besides the server's own
 * (its public portal of published texts). Add a host here only after deciding it is safe to
 * send users to from inside the app.
 */
export const FIXED_EXTERNAL_ORIGINS: readonly string[] = []

/** The allowlist for a given server setting: the fixed origins plus the server's, when it is https. */
export function externalOrigins(serverUrl: string | null): string[] {
  const origins = [...FIXED_EXTERNAL_ORIGINS]
  if (serverUrl !== null) {
    try {
      const server = new URL(serverUrl)
      if (server.protocol === 'https:') origins.push(server.origin)
    } catch {
      // An unparsable setting adds nothing.
    }
  }
  return origins
}

/**
 * Whether a link may be handed to `shell.openExternal`: https only (never file:, javascript:,
 * custom schemes that launch other programs, or cleartext http), no credentials, and an origin
 * on the allowlist, compared after the URL parser has normalised case, default ports and IDNs.
 */
export function isAllowedExternalUrl(
  url: unknown,
  allowedOrigins: readonly string[],
): url is string {
  if (typeof url !== 'string' || url.length > MAX_URL_LENGTH) return false
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused, not parsed away
  if (/[\u0000-\u001f\u007f\s\\]/.test(url)) return false
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  if (parsed.protocol !== 'https:') return false
  // The text is read too: the parser drops an empty user info (`https://:@host`) silently.
  const authority = url.slice(url.indexOf('//') + 2).split(/[/?#]/, 1)[0] ?? ''
  if (parsed.username !== '' || parsed.password !== '' || authority.includes('@')) return false
  return allowedOrigins.includes(parsed.origin)
}
