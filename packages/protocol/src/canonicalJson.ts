import canonicalize from 'canonicalize'

/**
 * The RFC 8785 (JCS) canonical form of a JSON value: sorted keys, no whitespace, ECMAScript
 * number formatting. Everything Accord hashes or signs is hashed in this form, so any party that
 * re-encodes the same value gets the same bytes.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value)
  if (text === undefined) throw new TypeError('this value has no JSON form')
  return text
}

/** The lower-case hex SHA-256 of a string (as UTF-8) or of bytes, through WebCrypto (Node and browsers). */
export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new Uint8Array(bytes))
  return hexOf(new Uint8Array(digest))
}

/** Lower-case hex of bytes. */
export function hexOf(bytes: Uint8Array): string {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex
}
