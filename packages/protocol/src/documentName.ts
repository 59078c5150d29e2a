/**
 * Document names travel in the relay URL (`/sync/<name>`) and key storage. They are accepted
 * only in one canonical form, never normalised: a name that differs from the canonical form by
 * case, percent-encoding, `.` or `..` segments, empty segments or a trailing slash is invalid.
 * Refusing variants (rather than mapping them onto the canonical name) means no two spellings
 * can ever reach the same document, so access checks see exactly the name that storage uses.
 */
export const DOCUMENT_NAME_MAX_LENGTH = 200

const SEGMENT = /^[a-z0-9](?:[a-z0-9_-]{0,62})$/

/** Why a document name is not canonical, or null when it is. */
export function documentNameProblem(name: string): string | null {
  if (name.length === 0) return 'the name is empty'
  if (name.length > DOCUMENT_NAME_MAX_LENGTH) {
    return `the name is longer than ${DOCUMENT_NAME_MAX_LENGTH} characters`
  }
  const segments = name.split('/')
  for (const segment of segments) {
    if (segment.length === 0) return 'the name has an empty segment or a leading or trailing slash'
    if (!SEGMENT.test(segment)) {
      return `the segment "${segment.slice(0, 64)}" is not 1-63 of a-z, 0-9, "_" and "-", starting with a letter or digit`
    }
  }
  return null
}

/** Whether a document name is in canonical form. */
export function isDocumentName(name: string): boolean {
  return documentNameProblem(name) === null
}

/** The path prefix of the relay endpoint. */
export const SYNC_PATH_PREFIX = '/sync/'

/**
 * The document name of a relay request path, exactly as sent (no decoding), or null when the
 * path is not under the relay prefix.
 */
export function documentNameFromPath(pathname: string): string | null {
  if (!pathname.startsWith(SYNC_PATH_PREFIX)) return null
  return pathname.slice(SYNC_PATH_PREFIX.length)
}
