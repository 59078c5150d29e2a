/** Makes a fresh paragraph id. Injected into the identity plugin so tests can be deterministic. */
export type ParagraphIdGenerator = () => string

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789'
/** Length of a generated id: 16 characters of 36 symbols is about 82 bits of randomness. */
export const PARAGRAPH_ID_LENGTH = 16
// The largest multiple of 36 below 256: bytes at or above it are redrawn so that every symbol is
// equally likely (a plain `byte % 36` would favour the first four letters).
const UNBIASED_LIMIT = 252

/**
 * A random paragraph id: 16 characters of [a-z0-9] from `crypto.getRandomValues`.
 *
 * Ids must never be reused, yet no client knows which ids other clients created and deleted
 * (an offline client may hold paragraphs nobody else has seen). So uniqueness rests on
 * randomness instead of a registry: with ~82 random bits, even a billion paragraphs have a
 * collision chance below 1e-6.
 */
export function generateParagraphId(): string {
  let id = ''
  const bytes = new Uint8Array(PARAGRAPH_ID_LENGTH * 2)
  while (id.length < PARAGRAPH_ID_LENGTH) {
    globalThis.crypto.getRandomValues(bytes)
    for (const byte of bytes) {
      if (byte >= UNBIASED_LIMIT) continue
      id += ALPHABET[byte % ALPHABET.length]
      if (id.length === PARAGRAPH_ID_LENGTH) break
    }
  }
  return id
}
