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

/** What the relay decides for a connection to a document. */
export type Access = 'deny' | 'read' | 'write'

/** The access hook: decides, per request and document, whether a connection may read or write. */
export type Authorize = (request: Request, documentName: string) => Access | Promise<Access>
