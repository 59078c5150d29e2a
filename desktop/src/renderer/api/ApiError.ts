/** A refusal from the server, with its stable machine id (server/src/errors.ts). */
export class ApiError extends Error {
  readonly status: number
  /** The server's error code (`forbidden`, `conflict` …), or `network` when nothing answered. */
  readonly code: string
  /** Seconds to wait, from Retry-After, when the server sent one. */
  readonly retryAfter: number | null

  constructor(status: number, code: string, message: string, retryAfter: number | null = null) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.retryAfter = retryAfter
  }

  /** Whether the request never reached the server (offline, server down). */
  get isNetwork(): boolean {
    return this.code === 'network'
  }
}
