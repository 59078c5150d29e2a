import { API_ERROR_STATUS, type ApiErrorCode } from '@accord/protocol'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The API's error ids and their statuses: one vocabulary, in packages/protocol. */
export const ERROR_CODES = API_ERROR_STATUS satisfies Record<ApiErrorCode, ContentfulStatusCode>

export type ErrorCode = ApiErrorCode

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
