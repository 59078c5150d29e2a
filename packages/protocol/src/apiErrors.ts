/**
 * The API's error vocabulary: every `error.code` the server answers, with its HTTP status.
 * Clients branch on these ids, never on messages, so an id is never renamed or reused; the
 * message beside it says what to do, in English, and clients show their own translation of the
 * id. Shared by the server (which throws them) and every client (which explains them).
 */
export const API_ERROR_STATUS = {
  invalid_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_rejected: 403,
  not_found: 404,
  conflict: 409,
  invitation_expired: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  too_many_requests: 429,
  internal: 500,
  /** The server could not store the change in the live documents; nothing was changed. */
  unavailable: 503,
  /** A live document of the declaration reached its size limit; nothing was changed. */
  document_full: 507,
} as const

/** One error id of the API. */
export type ApiErrorCode = keyof typeof API_ERROR_STATUS

/** Every error id, in a stable order. */
export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as ApiErrorCode[]

/** Whether `code` is one of the API's error ids (an older or newer server may send others). */
export function isApiErrorCode(code: unknown): code is ApiErrorCode {
  return typeof code === 'string' && Object.hasOwn(API_ERROR_STATUS, code)
}
