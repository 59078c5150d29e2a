/**
 * The main process's one error vocabulary. Codes are stable machine ids; they cross IPC inside
 * the rejected promise's message (Electron keeps only the message), so the renderer can match on
 * them without parsing prose.
 */
export const DesktopErrorCode = {
  /** The IPC call came from a frame that is not the app's own top-level page. */
  forbiddenSender: 'forbidden_sender',
  /** An IPC argument had the wrong type, shape or content. */
  invalidArgument: 'invalid_argument',
  /** A well-formed request that the policy refuses, e.g. a link to a host not on the allowlist. */
  notAllowed: 'not_allowed',
} as const

export type DesktopErrorCode = (typeof DesktopErrorCode)[keyof typeof DesktopErrorCode]

/** An error with a stable code; its message starts with the code. */
export class DesktopError extends Error {
  readonly code: DesktopErrorCode

  constructor(code: DesktopErrorCode, detail: string) {
    super(`${code}: ${detail}`)
    this.name = 'DesktopError'
    this.code = code
  }
}
