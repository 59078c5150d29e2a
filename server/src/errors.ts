import { API_ERROR_STATUS, type ApiErrorCode, CloseCode } from '@accord/protocol'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { RelayError } from './sync/RelayError.js'

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

/**
 * The API error for a relay refusal met while a command wrote to a live document (a mirror, the
 * draft). The relay's own message names documents and internals, so it is logged, not sent; the
 * message here says what to do. `nothingKept`: the caller made sure that nothing of the command
 * stayed (`atomicCommand`); otherwise the message says that part of it may have.
 */
export function apiErrorOfRelay(error: RelayError, nothingKept = true): ApiError {
  const outcome = nothingKept
    ? 'nothing was changed'
    : 'what was stored may not show yet; reload before trying again'
  if (error.code === CloseCode.DocumentTooLarge) {
    return new ApiError(
      'document_full',
      `the declaration's live documents reached their size limit, so ${outcome}; ask the operator to raise ACCORD_MAX_DOCUMENT_BYTES`,
    )
  }
  return new ApiError(
    'unavailable',
    `the server could not store the change in the live documents, so ${outcome}; try again in a few seconds`,
    { 'Retry-After': '5' },
  )
}
