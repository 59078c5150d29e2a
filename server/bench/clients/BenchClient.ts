/** Called when a client observes an edit another client made: its id and when it was made. */
export type RemoteEditListener = (id: number, madeAt: number) => void

/**
 * One simulated user, whatever the protocol. Timestamps are `performance.now()` of the bench
 * process: every client lives in it, so edit and observation times share one clock.
 */
export interface BenchClient {
  /** Resolves once the server has the client subscribed, so that it sees every later edit. */
  readonly ready: Promise<void>
  /** Makes one edit under `key`, carrying the edit's id and the time it was made. */
  edit(key: string, id: number, madeAt: number): void
  /** Closes the client did not ask for, by close code (a server drop, a rate limit, a crash). */
  readonly unexpectedCloses: ReadonlyMap<number, number>
  destroy(): void
}

/** Creates a client of one room (document) that reports remote edits to `onRemoteEdit`. */
export type ClientFactory = (room: string, onRemoteEdit: RemoteEditListener) => BenchClient
