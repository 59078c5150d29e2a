/** What a store holds for one document, in the order it must be applied. */
export interface StoredDocument {
  /** The snapshot (if any) followed by every log entry after it, oldest first. */
  readonly updates: Uint8Array[]
  /** The sequence number of the newest log entry, or of the snapshot's last entry; 0 when empty. */
  readonly lastSeq: number
  /** Bytes stored for the document: snapshot plus log. */
  readonly storedBytes: number
  /** How many log entries follow the snapshot. */
  readonly logLength: number
  /** Bytes held by those log entries. */
  readonly logBytes: number
}

/**
 * Durable storage of Yjs documents as an append-only log of updates plus an optional snapshot.
 *
 * Invariants every implementation keeps:
 * - `append` returns only after the update is durable (it survives the process being killed),
 *   so the relay may show it to other clients as soon as the promise resolves.
 * - Sequence numbers increase strictly per document and are never reused, even after compaction.
 * - `compact` replaces the snapshot and deletes the log entries it covers in one atomic step:
 *   a crash leaves either the old snapshot and the whole log, or the new snapshot and the rest
 *   of the log. Nothing is lost and nothing is applied twice (applying twice would be harmless
 *   for Yjs, but storage would grow).
 */
export interface DocumentStore {
  /** Everything stored for a document; an unknown document is empty. */
  load(name: string): Promise<StoredDocument>
  /** Appends one update to the document's log and returns its sequence number. */
  append(name: string, update: Uint8Array): Promise<number>
  /**
   * Stores `snapshot` as the document's state through `throughSeq` and deletes the log entries
   * it covers. A snapshot older than the stored one is ignored.
   */
  compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void>
  /** Names of every stored document. */
  list(): Promise<string[]>
  /** Releases the store's resources; nothing may be called afterwards. */
  close(): Promise<void>
}
