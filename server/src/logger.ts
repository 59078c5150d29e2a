import pino, { type Logger } from 'pino'

/**
 * Structured JSON logs. Request URLs are never logged: the relay's session token travels in the
 * query string. The redaction below is a second line of defence for fields that might hold one.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'accord' },
      redact: {
        paths: [
          'url',
          'query',
          'token',
          '*.url',
          '*.query',
          '*.token',
          'headers.authorization',
          'headers.cookie',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  )
}
