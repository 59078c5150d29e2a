import { DesktopError, DesktopErrorCode } from './DesktopError.js'

const MAX_TOKEN_LENGTH = 1024

/**
 * Validates a session token before it is kept: a non-empty RFC 6750 token68 (what fits in an
 * `Authorization: Bearer` header) of bounded length. The server's tokens are base64url.
 */
export function parseSessionToken(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_TOKEN_LENGTH) {
    throw new DesktopError(DesktopErrorCode.invalidArgument, 'the token must be a non-empty string')
  }
  if (!/^[A-Za-z0-9._~+/-]+=*$/.test(value)) {
    throw new DesktopError(
      DesktopErrorCode.invalidArgument,
      'the token has characters a token cannot have',
    )
  }
  return value
}
