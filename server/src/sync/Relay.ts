import {
  CLOSE_REASONS,
  CloseCode,
  type CloseCodeValue,
  closeCodeName,
  documentNameProblem,
} from '@accord/protocol'
import type { Logger } from 'pino'
import type * as Y from 'yjs'
import type { DocumentStore } from '../storage/DocumentStore.js'
import { CommitPipeline } from './CommitPipeline.js'
import { type ConnectionHost, RelayConnection, type RelayEvent } from './RelayConnection.js'
import { RelayError } from './RelayError.js'
import { DEFAULT_RELAY_LIMITS, type RelayLimits } from './RelayLimits.js'
import {
  type Authorize,
  type DocumentRules,
  type Principal,
  type RelaySocket,
  toGrant,
} from './RelaySocket.js'
import { SharedDocument } from './SharedDocument.js'
import { UpdateValidator } from './UpdateValidator.js'

/** Options of a relay. */
export interface RelayOptions {
  readonly store: DocumentStore
  readonly log: Logger
  /** The access hook; the default lets everyone write. */
  readonly authorize?: Authorize
  readonly limits?: Partial<RelayLimits>
  readonly rules?: DocumentRules
}

/** The transport's handle on one connection: it forwards frames, pongs and the close. */
export interface ConnectionHandle {
  receive(frame: Uint8Array | string): void
  pong(): void
  closed(code: number): void
}

/** Counters for tests and operators. */
export interface RelayStats {
  /** Connections open now (draining ones included). */
  open: number
  /** Connections whose client left while their last updates are still being stored. */
  draining: number
  /** Connections that reached the open phase since start. */
  connections: number
  /** Documents loaded since start. */
  documents: number
  /** Log entries appended for client updates, and the client updates they held. */
  batches: number
  batchedUpdates: number
  closes: Record<string, number>
  events: Record<RelayEvent, number>
}

const allowAll: Authorize = () => 'write'

/**
 * The transport-free core of the sync relay. It speaks the y-websocket protocol to any socket
 * that fits `RelaySocket`, loads each document once, persists every update before relaying it,
 * and unloads documents a while after their last connection left.
 */
export class Relay implements ConnectionHost {
  readonly limits: RelayLimits
  readonly #store: DocumentStore
  readonly #log: Logger
  readonly #authorize: Authorize
  readonly #validator: UpdateValidator
  readonly #documents = new Map<string, SharedDocument>()
  readonly #connections = new Set<RelayConnection>()
  readonly #keepalive: NodeJS.Timeout
  readonly #stats: Omit<RelayStats, 'open' | 'draining'> = {
    connections: 0,
    documents: 0,
    batches: 0,
    batchedUpdates: 0,
    closes: {},
    events: {
      readOnlyUpdateDropped: 0,
      awarenessSpoofDropped: 0,
      keepaliveSent: 0,
      documentReloaded: 0,
    },
  }
  #nextConnectionId = 1
  #closing = false
  /** Counts revalidations, so that a connection authorised during one is checked again. */
  #revalidations = 0

  readonly #pipeline: CommitPipeline

  constructor({ store, log, authorize = allowAll, limits, rules = {} }: RelayOptions) {
    this.limits = { ...DEFAULT_RELAY_LIMITS, ...limits }
    this.#store = store
    this.#log = log
    this.#authorize = authorize
    this.#validator = new UpdateValidator({
      timeoutMs: this.limits.decodeTimeoutMs,
      maxDepth: this.limits.maxNestingDepth,
      maxStructs: this.limits.maxUpdateStructs,
    })
    this.#keepalive = setInterval(() => {
      const now = performance.now()
      for (const connection of this.#connections) connection.tick(now)
    }, this.limits.keepaliveMs)
    this.#keepalive.unref()
    this.#pipeline = new CommitPipeline({
      store,
      log,
      limits: this.limits,
      rules,
      stats: this.#stats,
      evict: (document, code, reason) => this.#evict(document, code, reason),
    })
  }

  /** Accepts a new connection to `documentName`. Nothing is sent before it is authorised and loaded. */
  handleConnection(socket: RelaySocket, request: Request, documentName: string): ConnectionHandle {
    const id = this.#nextConnectionId++
    const connection = new RelayConnection(
      id,
      documentName,
      request,
      socket,
      this,
      this.#log.child({ conn: id }),
    )
    this.#connections.add(connection)
    const handle: ConnectionHandle = {
      receive: (frame) => connection.receive(frame),
      pong: () => connection.pong(),
      closed: (code) => connection.transportClosed(code),
    }
    if (this.#closing) {
      connection.close(CloseCode.ServiceRestart, 'the server is shutting down')
      return handle
    }
    const problem = documentNameProblem(documentName)
    if (problem) {
      connection.close(CloseCode.InvalidDocumentName, `invalid document name: ${problem}`)
      return handle
    }
    const deadline = setTimeout(
      () => connection.close(CloseCode.AuthTimeout, 'authorisation and loading took too long'),
      this.limits.setupTimeoutMs,
    )
    this.#setUp(connection)
      .catch((error: unknown) => {
        const code = error instanceof RelayError ? error.code : CloseCode.InternalError
        if (!(error instanceof RelayError))
          this.#log.error({ err: error, conn: id }, 'connection setup failed')
        // Only the relay's own refusals are worded for the client; anything else stays in the log.
        if (error instanceof RelayError) connection.close(code, error.message, error.detail)
        else connection.close(code, CLOSE_REASONS.InternalError)
      })
      .finally(() => clearTimeout(deadline))
    return handle
  }

  async #setUp(connection: RelayConnection): Promise<void> {
    const epoch = this.#revalidations
    const grant = toGrant(await this.#authorize(connection.request, connection.documentName))
    if (connection.isClosed) return
    if (grant.access === 'deny') throw this.#denial(grant)
    connection.access = grant.access
    connection.principal = grant.principal ?? null
    const document = this.#acquire(connection.documentName)
    document.peers.add(connection)
    connection.document = document
    try {
      await document.ready
    } catch {
      throw new RelayError(CloseCode.StorageFailure, 'the document could not be loaded')
    }
    await document.run(() => {
      if (!connection.isClosed && document.state === 'ready') connection.open(document)
    })
    if (!connection.isOpen && !connection.isClosed) {
      throw new RelayError(CloseCode.InternalError, 'the document was unloaded during setup')
    }
    if (connection.isOpen) this.#stats.connections += 1
    // A revalidation that ran while this connection was being authorised did not see it.
    if (epoch !== this.#revalidations) await this.#recheck(connection)
  }

  /** The loaded (or loading) document of that name; loads it at most once. */
  #acquire(name: string): SharedDocument {
    let document = this.#documents.get(name)
    if (document && (document.state === 'failed' || document.state === 'closed')) {
      this.#documents.delete(name)
      document = undefined
    }
    if (!document) {
      document = new SharedDocument(name, this.#store, this.#log.child({ doc: name }))
      this.#documents.set(name, document)
      this.#stats.documents += 1
    }
    if (document.unloadTimer) {
      clearTimeout(document.unloadTimer)
      document.unloadTimer = null
    }
    return document
  }

  #denial(grant: ReturnType<typeof toGrant>): RelayError {
    if (grant.refusal)
      return new RelayError(grant.refusal.code as CloseCodeValue, grant.refusal.reason)
    return grant.unauthenticated
      ? new RelayError(CloseCode.Unauthorized, 'no valid session')
      : new RelayError(CloseCode.Forbidden, 'access denied')
  }

  validate(update: Uint8Array, key: string) {
    return this.#validator.validate(update, key)
  }

  /** Applies, judges, stores and relays a validated update; see `CommitPipeline.commit`. */
  commit(document: SharedDocument, update: Uint8Array, origin: RelayConnection): Promise<void> {
    return this.#pipeline.commit(document, update, origin)
  }

  /**
   * Reads a document on the server's behalf: loads it if needed and runs `read` in the
   * document's queue, so it sees only stored state. The result must not keep the Y.Doc.
   */
  async read<T>(name: string, read: (doc: Y.Doc) => T): Promise<T> {
    return this.#pinned(name, async (document) => {
      await document.ready
      return await document.run(() => {
        if (document.state !== 'ready')
          throw new RelayError(CloseCode.StorageFailure, `document ${name} could not be read`)
        document.assertLogged()
        return read(document.doc)
      })
    })
  }

  /**
   * Changes a document on the server's own authority (the mirrors of positions and comments,
   * restoring agreed text): loads it if needed, runs `edit` in the document's queue, stores what
   * changed and broadcasts it to every connection, like any client update. Resolves once stored.
   * If `edit` throws, whatever it did is rolled back and the error is rethrown; so it is when the
   * change would take the document past its size limit (`RelayError` DocumentTooLarge).
   */
  async mutate(name: string, edit: (doc: Y.Doc) => void): Promise<void> {
    await this.#pinned(name, async (document) => {
      await document.ready
      const stored = await document.run(async () => {
        if (document.state !== 'ready') return false
        let effective: Uint8Array | null
        try {
          effective = document.change(edit)
          // The size limit holds for the server's writes too: a mirror fed by comments would
          // otherwise grow without bound, and past the limit no client could load it.
          if (
            effective &&
            document.storedBytes + effective.byteLength > this.limits.maxDocumentBytes
          ) {
            throw new RelayError(
              CloseCode.DocumentTooLarge,
              `document ${name} would exceed its size limit`,
            )
          }
        } catch (error) {
          // Half an edit must not stay in memory, unlogged, to be served or compacted.
          await this.#pipeline.rollBack(document, error)
          throw error
        }
        return effective ? this.#pipeline.storeServerChange(document, effective) : true
      })
      if (!stored)
        throw new RelayError(CloseCode.StorageFailure, `document ${name} could not be changed`)
    })
  }

  /**
   * Runs `task` on the named document while holding it loaded: an unload already queued in the
   * document's queue sees the pin and leaves the document alone.
   */
  async #pinned<T>(name: string, task: (document: SharedDocument) => Promise<T>): Promise<T> {
    const document = this.#acquire(name)
    document.pins += 1
    try {
      return await task(document)
    } finally {
      document.pins -= 1
      if (!document.inUse && document.state !== 'closed') this.#scheduleUnload(document)
    }
  }

  closed(connection: RelayConnection, code: number): void {
    if (!this.#connections.delete(connection)) return
    const name = closeCodeName(code) ?? String(code)
    this.#stats.closes[name] = (this.#stats.closes[name] ?? 0) + 1
    const document = connection.document
    if (!document) return
    document.detach(connection)
    if (!document.inUse && document.state !== 'closed') this.#scheduleUnload(document)
  }

  count(event: RelayEvent): void {
    this.#stats.events[event] += 1
  }

  #scheduleUnload(document: SharedDocument): void {
    if (document.unloadTimer) clearTimeout(document.unloadTimer)
    document.unloadTimer = setTimeout(() => {
      document.unloadTimer = null
      void document
        .run(async () => {
          if (document.inUse || document.state === 'closed') return
          // Compacting on the way out makes the next load one snapshot read.
          if (document.state === 'ready') await document.compact()
          // A client, a read or an edit may have arrived while the snapshot was being written.
          if (document.inUse) return
          this.#unload(document)
        })
        .catch((error: unknown) => {
          this.#log.error({ err: error, doc: document.name }, 'unload failed; the log is intact')
          if (!document.inUse) this.#unload(document)
        })
    }, this.limits.unloadDelayMs)
    document.unloadTimer.unref()
  }

  #unload(document: SharedDocument): void {
    if (this.#documents.get(document.name) === document) this.#documents.delete(document.name)
    document.destroy()
    this.#log.debug({ doc: document.name }, 'document unloaded')
  }

  #evict(document: SharedDocument, code: number, reason: string): void {
    for (const peer of [...document.peers]) (peer as RelayConnection).close(code, reason)
    this.#unload(document)
  }

  /**
   * Asks the access hook again for every connection that `affected` selects, because the answer
   * may have changed: a member was removed, a session ended, a stage moved. A connection now
   * denied is closed; one downgraded to read stops writing at once; one upgraded is closed with
   * a retryable code, so that it reconnects and syncs with its new rights.
   */
  async revalidate(
    affected: (connection: { documentName: string; principal: Principal | null }) => boolean,
  ): Promise<void> {
    this.#revalidations += 1
    const checks = [...this.#connections]
      .filter((connection) => connection.isOpen && affected(connection))
      .map((connection) => this.#recheck(connection))
    await Promise.all(checks)
  }

  async #recheck(connection: RelayConnection): Promise<void> {
    let grant: ReturnType<typeof toGrant>
    try {
      grant = toGrant(await this.#authorize(connection.request, connection.documentName))
    } catch (error) {
      this.#log.error({ err: error, conn: connection.id }, 'revalidation failed; closing')
      connection.close(CloseCode.InternalError, 'access could not be checked')
      return
    }
    if (grant.access === 'deny') {
      const denial = this.#denial(grant)
      connection.close(denial.code, denial.message)
    } else if (grant.access === 'read') {
      connection.access = 'read'
    } else if (connection.access === 'read') {
      connection.close(CloseCode.AccessChanged, 'access changed; reconnect')
    }
  }

  /** How many validated client updates wait for the named document's next batch. */
  waitingUpdates(name: string): number {
    return this.#documents.get(name)?.incoming.length ?? 0
  }

  /** Names of the documents in memory. */
  loadedDocuments(): string[] {
    return [...this.#documents.keys()]
  }

  /** A copy of the counters. */
  stats(): RelayStats {
    let draining = 0
    for (const connection of this.#connections) if (connection.isDraining) draining += 1
    return structuredClone({ ...this.#stats, open: this.#connections.size, draining })
  }

  /**
   * Shuts down: closes every open connection with a retryable code, lets the connections whose
   * clients already left store what they sent (those clients cannot resend it), waits for queued
   * work to finish, and frees memory. The store stays open; its owner closes it.
   */
  async close(
    code: number = CloseCode.ServiceRestart,
    reason = 'the server is restarting',
  ): Promise<void> {
    this.#closing = true
    clearInterval(this.#keepalive)
    const draining: RelayConnection[] = []
    for (const connection of [...this.#connections]) {
      if (connection.isDraining) draining.push(connection)
      else connection.close(code, reason)
    }
    // An open client still holds what it sent and resends it on reconnecting; a departed one
    // does not, so its queue runs to the end (the validator and the store are still open).
    // Bounded: a departed client's queue may hold decode bombs, each up to its deadline.
    let deadline: NodeJS.Timeout | undefined
    await Promise.race([
      Promise.all(draining.map((connection) => connection.settled())),
      new Promise((resolve) => {
        deadline = setTimeout(resolve, this.limits.shutdownDrainMs)
      }),
    ])
    clearTimeout(deadline)
    for (const connection of draining) connection.close(code, reason)
    await Promise.all([...this.#documents.values()].map((document) => document.drained()))
    for (const document of [...this.#documents.values()]) this.#unload(document)
    await this.#validator.close()
  }
}
