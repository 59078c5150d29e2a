/**
 * The transport a relay connection runs over. The relay core knows nothing else of it: the Hono
 * adapter wraps a `ws` socket in this shape, and tests may wrap anything else.
 */
export interface RelaySocket {
  /** Sends one binary frame holding exactly one protocol message. */
  send(message: Uint8Array): void
  /** Starts the closing handshake with a code from `CloseCode`. */
  close(code: number, reason: string): void
  /** Drops the connection at once, without a handshake (for dead or flooded peers). */
  terminate(): void
  /** Sends a transport-level ping; the adapter reports the pong to `RelayConnection.pong()`. */
  ping(): void
  /** Bytes accepted by `send` but not yet handed to the operating system. */
  readonly bufferedAmount: number
}

// The application-facing contract lives in RelayContract.ts; re-exported for existing imports.
export type {
  Access,
  AccessGrant,
  Authorize,
  DocumentRules,
  Principal,
} from './RelayContract.js'
export { toGrant } from './RelayContract.js'
