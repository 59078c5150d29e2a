import { CloseCode, type CloseCodeValue } from '@accord/protocol'

/** A protocol violation or limit that ends one connection with a named close code. */
export class RelayError extends Error {
  readonly code: CloseCodeValue

  constructor(code: CloseCodeValue, message: string) {
    super(message)
    this.name = 'RelayError'
    this.code = code
  }
}

/** The close code for any error thrown while handling a connection's message. */
export function closeCodeOf(error: unknown): CloseCodeValue {
  return error instanceof RelayError ? error.code : CloseCode.InternalError
}
