import { CloseCode, type CloseCodeValue } from '@accord/protocol'

/**
 * A protocol violation or limit that ends one connection with a named close code. `message` is
 * sent as the close reason; `detail`, when given, is only logged (a library's own error text).
 */
export class RelayError extends Error {
  readonly code: CloseCodeValue
  readonly detail: string | undefined

  constructor(code: CloseCodeValue, message: string, detail?: string) {
    super(message)
    this.name = 'RelayError'
    this.code = code
    this.detail = detail
  }
}

/** The close code for any error thrown while handling a connection's message. */
export function closeCodeOf(error: unknown): CloseCodeValue {
  return error instanceof RelayError ? error.code : CloseCode.InternalError
}
