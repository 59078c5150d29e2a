import { API_ERROR_CODES, type ApiErrorCode } from '@accord/protocol'
import { en } from './locales/en'

/** The error ids the client explains: the API's vocabulary, plus `network` for no answer. */
const KNOWN = new Set<string>([...API_ERROR_CODES, 'network'])

// Every id of the API's vocabulary has an English explanation (and so, by the Translation type,
// a Japanese one): adding an id in packages/protocol without one fails type-checking here.
en.errors satisfies Record<ApiErrorCode | 'network', string>

/** The translation key that explains an error code in words. */
export function errorKey(code: string): string {
  return KNOWN.has(code) ? `errors.${code}` : 'errors.unknown'
}
