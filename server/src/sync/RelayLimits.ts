/** Limits and timings of the relay. Every field has a default; `config.ts` reads them from the environment. */
export interface RelayLimits {
  /** Largest frame accepted, in bytes (enforced by the WebSocket layer). */
  readonly maxFrameBytes: number
  /** Largest stored size of one document (snapshot plus log), in bytes. */
  readonly maxDocumentBytes: number
  /** Outgoing bytes a connection may have queued before it is closed as a slow consumer. */
  readonly maxBufferedBytes: number
  /** Messages queued before the connection is open (authorised and the document loaded). */
  readonly maxPendingMessages: number
  /** Messages, and their bytes, received on an open connection and waiting to be handled. */
  readonly maxQueuedMessages: number
  readonly maxQueuedBytes: number
  /** Awareness client ids one connection may hold at once (a stock client uses one). */
  readonly maxAwarenessIds: number
  /** How long a shutdown waits for departed clients' last updates to be stored. */
  readonly shutdownDrainMs: number
  /** Deadline for authorisation and loading, from the upgrade on. */
  readonly setupTimeoutMs: number
  /** Ping and keepalive period; a connection silent for two periods is dropped. */
  readonly keepaliveMs: number
  /** How long a document stays in memory after its last connection left. */
  readonly unloadDelayMs: number
  /** Compact once the log holds this many entries… */
  readonly compactAfterUpdates: number
  /** …or this many bytes. */
  readonly compactAfterBytes: number
  /** Sustained messages per second per connection, and the burst above it. */
  readonly messagesPerSecond: number
  readonly messageBurst: number
  /** Sustained bytes per second per connection, and the burst above it. */
  readonly bytesPerSecond: number
  readonly byteBurst: number
  /** How long decoding one update may take before it is cut off. */
  readonly decodeTimeoutMs: number
  /** How deep types may nest (elements in elements), in one update and in the document. */
  readonly maxNestingDepth: number
  /** How many structs one update may hold. */
  readonly maxUpdateStructs: number
}

const MiB = 1024 * 1024

/** The defaults: generous for a negotiation, tight enough that one client cannot hurt others. */
export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  maxFrameBytes: 4 * MiB,
  maxDocumentBytes: 64 * MiB,
  maxBufferedBytes: 16 * MiB,
  maxPendingMessages: 256,
  maxQueuedMessages: 1_024,
  maxQueuedBytes: 32 * MiB,
  maxAwarenessIds: 8,
  shutdownDrainMs: 5_000,
  setupTimeoutMs: 10_000,
  keepaliveMs: 10_000,
  unloadDelayMs: 10_000,
  compactAfterUpdates: 500,
  compactAfterBytes: 1 * MiB,
  messagesPerSecond: 500,
  messageBurst: 2_000,
  bytesPerSecond: 8 * MiB,
  byteBurst: 16 * MiB,
  decodeTimeoutMs: 2_000,
  // A declaration nests a handful of levels (fragment, paragraph, text, perhaps a list); the
  // headless reader and the editors walk the tree, so depth is bounded long before the stack.
  maxNestingDepth: 64,
  maxUpdateStructs: 100_000,
}
