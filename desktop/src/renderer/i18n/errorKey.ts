/** The error codes the server returns (server/src/errors.ts), plus `network` for no answer. */
export const ERROR_CODES = [
  'invalid_request',
  'unauthenticated',
  'invalid_credentials',
  'forbidden',
  'csrf_rejected',
  'not_found',
  'conflict',
  'invitation_expired',
  'too_many_requests',
  'internal',
  'network',
] as const

/** The translation key that explains an error code in words. */
export function errorKey(code: string): string {
  return (ERROR_CODES as readonly string[]).includes(code) ? `errors.${code}` : 'errors.unknown'
}
