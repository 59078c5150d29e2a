import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

// Lower-case letters and digits without the look-alikes (0/o, 1/l): 32 symbols, 5 bits each.
const ALPHABET = 'abcdefghijkmnpqrstuvwxyz23456789'

/** A random string of `length` symbols from a 32-symbol alphabet (5 bits each). */
export function randomString(length: number): string {
  const bytes = randomBytes(length)
  let out = ''
  for (const byte of bytes) out += ALPHABET[byte >> 3]
  return out
}

/** A new id for a stored row: 16 symbols, 80 random bits, safe in document names. */
export function newId(): string {
  return randomString(16)
}

/** A 32-byte secret, base64url-encoded. */
export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

/** SHA-256 of a secret, as stored in place of the secret. */
export function hashSecret(secret: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(secret).digest())
}

/** Compares two hashes in constant time. */
export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && timingSafeEqual(a, b)
}
