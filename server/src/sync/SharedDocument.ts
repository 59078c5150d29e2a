import { CloseCode } from '@accord/protocol'
import type { Logger } from 'pino'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { DocumentStore } from '../storage/DocumentStore.js'
import { type AwarenessEntry, encodeAwarenessUpdate } from './awarenessUpdate.js'
import { encodeAwarenessMessage } from './messages.js'
import { RelayError } from './RelayError.js'

/** The part of a connection a document needs: where to send, and which awareness ids it owns. */
export interface DocumentPeer {
  readonly id: number
  readonly isOpen: boolean
  readonly awarenessIds: Set<number>
  send(message: Uint8Array): void
}

/** A validated client update waiting for its document's next batch (see Relay.commit). */
export interface IncomingUpdate {
  readonly update: Uint8Array
  readonly origin: DocumentPeer
  readonly resolve: () => void
  readonly reject: (error: unknown) => void
}

/** Where a loaded document stands. */
export type DocumentState = 'loading' | 'ready' | 'failed' | 'closed'

/**
 * One document held in memory by the relay: its Y.Doc, its awareness, the connections attached
 * to it, and the bookkeeping of its stored log.
 *
 * Every operation that reads or writes the Y.Doc runs through `run`, one at a time, in order.
 * That queue is what makes "persist before relay" hold for asynchronous stores: an update is
 * applied, appended to the log and broadcast inside one task, so no other task (a late joiner's
 * sync step 1 among them) can see the document between the apply and the append.
 */
export class SharedDocument {
  /** The document's state; replaced by `reload` when an apply left it in doubt. */
  doc = new Y.Doc()
  readonly awareness: awarenessProtocol.Awareness
  readonly peers = new Set<DocumentPeer>()
  state: DocumentState = 'loading'
  /** Sequence number of the newest stored log entry. */
  lastSeq = 0
  storedBytes = 0
  logLength = 0
  logBytes = 0
  /** Resolves once the document is loaded; rejects if loading failed. */
  readonly ready: Promise<void>
  unloadTimer: NodeJS.Timeout | null = null
  /** Validated updates waiting for the next batch, and whether that batch is queued. */
  readonly incoming: IncomingUpdate[] = []
  flushQueued = false
  /** Server-side reads and edits in progress; like peers, they keep the document loaded. */
  pins = 0
  /**
   * True from the moment a change starts until it is appended (or rolled back by `reload`). While
   * it holds, the document must not be served or compacted: it may hold what the log does not.
   */
  unlogged = false

  readonly #owners = new Map<number, DocumentPeer>()
  readonly #captured: { update: Uint8Array; origin: unknown }[] = []
  /**
   * What the server's own transactions wrote while the last `apply` ran: Yjs tidies formatting
   * after a remote change in a transaction of its own (deleting markers it finds redundant).
   * The sender of the update does not hold that part, so it is sent back to it.
   */
  #madeWhileApplying: Uint8Array | null = null
  /** The state before each transaction of the current change, to find what it added. */
  readonly #changeStarts: { before: Map<number, number>; after: Map<number, number> }[] = []
  #queue: Promise<unknown> = Promise.resolve()

  constructor(
    readonly name: string,
    readonly store: DocumentStore,
    readonly log: Logger,
  ) {
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    // The relay has no presence of its own.
    this.awareness.setLocalState(null)
    this.doc.on('update', this.#capture)
    this.doc.on('afterTransaction', this.#noteTransaction)
    this.awareness.on(
      'update',
      (
        { added, updated, removed }: { added: number[]; updated: number[]; removed: number[] },
        origin: unknown,
      ) => {
        const changed = [...added, ...updated, ...removed]
        const message = encodeAwarenessMessage(
          awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed),
        )
        this.broadcast(message, origin)
      },
    )
    this.ready = this.run(() => this.#load())
    // Callers observe failure through `state`; the rejection itself is handled here.
    this.ready.catch(() => {})
  }

  /** Runs `task` after every task queued before it. */
  run<T>(task: () => T | Promise<T>): Promise<T> {
    const result = this.#queue.then(task)
    this.#queue = result.catch(() => {})
    return result
  }

  /** Resolves when every task queued so far has finished. */
  drained(): Promise<void> {
    return this.#queue.then(() => {})
  }

  readonly #capture = (update: Uint8Array, origin: unknown): void => {
    this.#captured.push({ update, origin })
  }

  readonly #noteTransaction = (transaction: Y.Transaction): void => {
    this.#changeStarts.push({ before: transaction.beforeState, after: transaction.afterState })
  }

  /**
   * The deepest nesting of any type the last change added (1 for a child of a root type), found
   * by walking up from each new type; a walk stops once it passed `limit`. Iterative: the
   * document may already be deep.
   */
  nestingDepthOfChange(limit = 1_000): number {
    let deepest = 0
    for (const { before, after } of this.#changeStarts) {
      for (const [client, end] of after) {
        const start = before.get(client) ?? 0
        const structs = this.doc.store.clients.get(client)
        if (end <= start || !structs) continue
        for (let i = Y.findIndexSS(structs, start); i < structs.length; i++) {
          const struct = structs[i]!
          if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentType)) continue
          let depth = 0
          let item: Y.Item | null = struct
          while (item && depth <= limit) {
            depth += 1
            item = (item.parent as Y.AbstractType<unknown> | null)?._item ?? null
          }
          if (depth > deepest) deepest = depth
        }
      }
    }
    return deepest
  }

  /**
   * Replaces the in-memory document with a fresh one loaded from storage. Used when applying an
   * update threw half-way: yjs may then hold a half-integrated transaction, while the log holds
   * exactly what was relayed. Peers keep their connections; they already hold everything stored.
   * Must run inside `run`.
   */
  async reload(): Promise<void> {
    this.doc.off('update', this.#capture)
    this.doc.off('afterTransaction', this.#noteTransaction)
    this.doc = new Y.Doc()
    this.doc.on('update', this.#capture)
    this.doc.on('afterTransaction', this.#noteTransaction)
    this.state = 'loading'
    await this.#load()
  }

  async #load(): Promise<void> {
    try {
      const stored = await this.store.load(this.name)
      let skipped = 0
      this.doc.transact(() => {
        for (const update of stored.updates) {
          try {
            Y.applyUpdate(this.doc, update)
          } catch (error) {
            // Only validated updates are stored; one that fails anyway is skipped, not fatal.
            skipped += 1
            this.log.error({ err: error }, 'skipped a stored update that failed to apply')
          }
        }
      }, 'load')
      if (this.hasPending()) {
        // Stored before the relay refused such updates; they cannot integrate and must not be
        // served as if they had.
        this.log.warn('dropped pending structs found in the stored log')
        this.doc.store.pendingStructs = null
        this.doc.store.pendingDs = null
      }
      this.#captured.length = 0
      this.unlogged = false
      this.lastSeq = stored.lastSeq
      this.storedBytes = stored.storedBytes
      this.logLength = stored.logLength
      this.logBytes = stored.logBytes
      this.state = 'ready'
      this.log.debug(
        { updates: stored.updates.length, bytes: stored.storedBytes, skipped },
        'document loaded',
      )
    } catch (error) {
      this.state = 'failed'
      this.log.error({ err: error }, 'document failed to load')
      throw error
    }
  }

  /**
   * Applies an update and returns what it changed, as one update, or null when it changed
   * nothing. The caller must append the result before anyone else sees the document.
   */
  apply(update: Uint8Array, origin: unknown): Uint8Array | null {
    const effective = this.change((doc) => Y.applyUpdate(doc, update, origin), origin)
    return effective
  }

  /** What the server itself wrote during the last `apply`, once; see `#madeWhileApplying`. */
  takeMadeWhileApplying(): Uint8Array | null {
    const made = this.#madeWhileApplying
    this.#madeWhileApplying = null
    return made
  }

  /**
   * Runs `edit` on the document and returns what it changed, as one update, or null. The caller
   * must append the result before anyone else sees the document.
   */
  change(edit: (doc: Y.Doc) => void, applying?: unknown): Uint8Array | null {
    this.#captured.length = 0
    this.#madeWhileApplying = null
    this.#changeStarts.length = 0
    // Set before the edit: one that throws half-way may leave state that nothing captured.
    // (Earlier changes of the same batch may be unlogged already.)
    const unloggedBefore = this.unlogged
    this.unlogged = true
    edit(this.doc)
    const captured = this.#captured.splice(0)
    if (captured.length === 0) {
      this.unlogged = unloggedBefore
      return null
    }
    if (applying !== undefined) {
      const made = captured.filter((c) => c.origin !== applying).map((c) => c.update)
      if (made.length > 0)
        this.#madeWhileApplying = made.length === 1 ? made[0]! : Y.mergeUpdates(made)
    }
    return captured.length === 1
      ? captured[0]!.update
      : Y.mergeUpdates(captured.map((c) => c.update))
  }

  /** Whether yjs holds structs or deletions it could not integrate for want of their dependencies. */
  hasPending(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null
  }

  /** Throws if the document holds applied state that is not in the log yet. */
  assertLogged(): void {
    if (this.unlogged) throw new Error(`document ${this.name} holds unlogged state`)
  }

  /** Records a log entry appended for this document. */
  appended(seq: number, bytes: number): void {
    this.unlogged = false
    this.lastSeq = seq
    this.logLength += 1
    this.logBytes += bytes
    this.storedBytes += bytes
  }

  /** Merges the log into a snapshot. Must run inside `run`, so that nothing is half-applied. */
  async compact(): Promise<void> {
    if (this.state !== 'ready' || this.logLength === 0) return
    this.assertLogged()
    const snapshot = Y.encodeStateAsUpdate(this.doc)
    await this.store.compact(this.name, snapshot, this.lastSeq)
    this.log.debug(
      { entries: this.logLength, logBytes: this.logBytes, snapshotBytes: snapshot.byteLength },
      'compacted',
    )
    this.storedBytes = snapshot.byteLength
    this.logLength = 0
    this.logBytes = 0
  }

  /** Sends a message to every open peer except `except`. */
  broadcast(message: Uint8Array, except?: unknown): void {
    for (const peer of this.peers) {
      if (peer !== except && peer.isOpen) peer.send(message)
    }
  }

  /**
   * Applies awareness entries from `peer`, keeping only the client ids that the peer introduced
   * itself. Returns how many entries were dropped as spoofed.
   */
  applyAwareness(
    peer: DocumentPeer,
    entries: readonly AwarenessEntry[],
    maxIds = Number.POSITIVE_INFINITY,
  ): number {
    // Every id a connection introduces is held until it leaves; a stock client uses one.
    const fresh = new Set<number>()
    for (const entry of entries) {
      if (entry.state !== null && !this.#owners.has(entry.clientId)) fresh.add(entry.clientId)
    }
    if (peer.awarenessIds.size + fresh.size > maxIds) {
      throw new RelayError(
        CloseCode.InvalidAwareness,
        `a connection may hold at most ${maxIds} awareness client ids`,
      )
    }
    const accepted: AwarenessEntry[] = []
    let spoofed = 0
    for (const entry of entries) {
      const owner = this.#owners.get(entry.clientId)
      if (owner === undefined) {
        if (entry.state === null) continue
        this.#owners.set(entry.clientId, peer)
        peer.awarenessIds.add(entry.clientId)
      } else if (owner !== peer) {
        // Stock clients echo every awareness change they hear, others' included; an echo holds
        // no newer clock and is dropped quietly. A newer clock for someone else's id is a spoof.
        const known = this.awareness.meta.get(entry.clientId)?.clock ?? -1
        if (entry.clock > known) spoofed += 1
        continue
      }
      accepted.push(entry)
    }
    if (accepted.length > 0) {
      awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(accepted), peer)
      for (const entry of accepted) {
        if (entry.state === null) this.#release(peer, entry.clientId)
      }
    }
    return spoofed
  }

  /** Every current awareness state, encoded as one update, or null when there is none. */
  awarenessSnapshot(): Uint8Array | null {
    const ids = [...this.awareness.getStates().keys()]
    return ids.length === 0 ? null : awarenessProtocol.encodeAwarenessUpdate(this.awareness, ids)
  }

  /** Detaches a peer and removes, for everyone, the awareness states it owned. */
  detach(peer: DocumentPeer): void {
    if (!this.peers.delete(peer)) return
    const ids = [...peer.awarenessIds]
    for (const id of ids) this.#release(peer, id)
    if (ids.length > 0) awarenessProtocol.removeAwarenessStates(this.awareness, ids, 'disconnect')
  }

  #release(peer: DocumentPeer, clientId: number): void {
    if (this.#owners.get(clientId) === peer) this.#owners.delete(clientId)
    peer.awarenessIds.delete(clientId)
  }

  /** Whether anything (a connection, a server-side read or edit) still needs the document. */
  get inUse(): boolean {
    return this.peers.size > 0 || this.pins > 0
  }

  /** Frees the document's memory. */
  destroy(): void {
    this.state = 'closed'
    if (this.unloadTimer) clearTimeout(this.unloadTimer)
    this.awareness.destroy()
    this.doc.destroy()
  }
}
