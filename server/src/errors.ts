import type { ContentfulStatusCode } from 'hono/utils/http-status'

/**
 * Stable machine ids of API errors. Clients branch on these, never on messages, so an id is
 * never renamed or reused.
 */
export const ERROR_CODES = {
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
} as const satisfies Record<string, ContentfulStatusCode>

export type ErrorCode = keyof typeof ERROR_CODES

/** An error that `onError` turns into `{ "error": { "code", "message" } }` with its status. */
export class ApiError extends Error {
  readonly code: ErrorCode
  readonly headers: Record<string, string>

  constructor(code: ErrorCode, message: string, headers: Record<string, string> = {}) {
    super(message)
    this.name = 'ApiError'
    this.code = code
    this.headers = headers
  }

  get status(): ContentfulStatusCode {
    return ERROR_CODES[this.code]
  }
}

/** The one error body of the API. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string }
}
