import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { DEFAULT_RELAY_LIMITS, type RelayLimits } from './sync/RelayLimits.js'

/**
 * Where the web client's build is by default: the desktop package's `dist/web` in this checkout,
 * found by path (apps never import each other's code).
 */
export const DEFAULT_WEB_DIR = fileURLToPath(new URL('../../desktop/dist/web', import.meta.url))

const positiveInt = z.coerce.number().int().positive()

/** Each environment variable the server reads, with its default. */
const environment = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  ACCORD_DATA_DIR: z.string().min(1).default('./data'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCORD_MAX_FRAME_BYTES: positiveInt.default(DEFAULT_RELAY_LIMITS.maxFrameBytes),
  ACCORD_MAX_DOCUMENT_BYTES: positiveInt.default(DEFAULT_RELAY_LIMITS.maxDocumentBytes),
  ACCORD_MAX_BUFFERED_BYTES: positiveInt.default(DEFAULT_RELAY_LIMITS.maxBufferedBytes),
  ACCORD_SETUP_TIMEOUT_MS: positiveInt.default(DEFAULT_RELAY_LIMITS.setupTimeoutMs),
  ACCORD_KEEPALIVE_MS: positiveInt.max(14_000).default(DEFAULT_RELAY_LIMITS.keepaliveMs),
  ACCORD_UNLOAD_DELAY_MS: z.coerce
    .number()
    .int()
    .min(0)
    .default(DEFAULT_RELAY_LIMITS.unloadDelayMs),
  ACCORD_COMPACT_AFTER_UPDATES: positiveInt.default(DEFAULT_RELAY_LIMITS.compactAfterUpdates),
  ACCORD_COMPACT_AFTER_BYTES: positiveInt.default(DEFAULT_RELAY_LIMITS.compactAfterBytes),
  ACCORD_MESSAGES_PER_SECOND: positiveInt.default(DEFAULT_RELAY_LIMITS.messagesPerSecond),
  ACCORD_MESSAGE_BURST: positiveInt.default(DEFAULT_RELAY_LIMITS.messageBurst),
  ACCORD_BYTES_PER_SECOND: positiveInt.default(DEFAULT_RELAY_LIMITS.bytesPerSecond),
  ACCORD_BYTE_BURST: positiveInt.default(DEFAULT_RELAY_LIMITS.byteBurst),
  ACCORD_DECODE_TIMEOUT_MS: positiveInt.default(DEFAULT_RELAY_LIMITS.decodeTimeoutMs),
  ACCORD_SQLITE_SYNCHRONOUS: z.enum(['NORMAL', 'FULL']).default('NORMAL'),
  ACCORD_ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url().transform((url) => new URL(url).origin))),
  ACCORD_SECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  ACCORD_DEMO: z.enum(['true', 'false']).default('true'),
  ACCORD_WEB_DIR: z.string().min(1).optional(),
})

/** The server's configuration, validated. */
export interface Config {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  readonly logLevel: string
  readonly sqliteSynchronous: 'NORMAL' | 'FULL'
  /** Browser origins, besides the server's own, allowed to call the API and open the relay. */
  readonly allowedOrigins: readonly string[]
  /** Set when clients reach the server over https (behind a TLS proxy). */
  readonly secureCookies: boolean
  /** Whether the first start on an empty database seeds a demo conference (`run.ts` only). */
  readonly demo: boolean
  /** The directory of the web client's build, served at /app (`ACCORD_WEB_DIR`). */
  readonly webDir: string
  readonly limits: RelayLimits
}

/** Thrown when the environment holds an invalid value; its message names every problem. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

/** Reads and validates the configuration from environment variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const parsed = environment.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `  ${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
    )
    throw new ConfigError(`invalid configuration:\n${problems.join('\n')}`)
  }
  const e = parsed.data
  if (e.ACCORD_MESSAGE_BURST < e.ACCORD_MESSAGES_PER_SECOND) {
    throw new ConfigError(
      'invalid configuration:\n  ACCORD_MESSAGE_BURST must be at least ACCORD_MESSAGES_PER_SECOND',
    )
  }
  if (e.ACCORD_BYTE_BURST < e.ACCORD_MAX_FRAME_BYTES) {
    throw new ConfigError(
      'invalid configuration:\n  ACCORD_BYTE_BURST must be at least ACCORD_MAX_FRAME_BYTES, or no full-size frame could pass',
    )
  }
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(cwd, e.ACCORD_DATA_DIR),
    logLevel: e.LOG_LEVEL,
    sqliteSynchronous: e.ACCORD_SQLITE_SYNCHRONOUS,
    allowedOrigins: e.ACCORD_ALLOWED_ORIGINS,
    secureCookies: e.ACCORD_SECURE_COOKIES === 'true',
    demo: e.ACCORD_DEMO === 'true',
    webDir: e.ACCORD_WEB_DIR ? resolve(cwd, e.ACCORD_WEB_DIR) : DEFAULT_WEB_DIR,
    limits: {
      // Limits without an environment variable keep their defaults.
      ...DEFAULT_RELAY_LIMITS,
      maxFrameBytes: e.ACCORD_MAX_FRAME_BYTES,
      maxDocumentBytes: e.ACCORD_MAX_DOCUMENT_BYTES,
      maxBufferedBytes: e.ACCORD_MAX_BUFFERED_BYTES,
      maxPendingMessages: DEFAULT_RELAY_LIMITS.maxPendingMessages,
      setupTimeoutMs: e.ACCORD_SETUP_TIMEOUT_MS,
      keepaliveMs: e.ACCORD_KEEPALIVE_MS,
      unloadDelayMs: e.ACCORD_UNLOAD_DELAY_MS,
      compactAfterUpdates: e.ACCORD_COMPACT_AFTER_UPDATES,
      compactAfterBytes: e.ACCORD_COMPACT_AFTER_BYTES,
      messagesPerSecond: e.ACCORD_MESSAGES_PER_SECOND,
      messageBurst: e.ACCORD_MESSAGE_BURST,
      bytesPerSecond: e.ACCORD_BYTES_PER_SECOND,
      byteBurst: e.ACCORD_BYTE_BURST,
      decodeTimeoutMs: e.ACCORD_DECODE_TIMEOUT_MS,
    },
  }
}
