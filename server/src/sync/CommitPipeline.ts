import { CLOSE_REASONS, CloseCode } from '@accord/protocol'
import type { Logger } from 'pino'
import * as Y from 'yjs'
import type { DocumentStore } from '../storage/DocumentStore.js'
import { encodeSyncUpdate } from './messages.js'
import { RelayConnection, type RelayEvent } from './RelayConnection.js'
import { RelayError } from './RelayError.js'
import type { RelayLimits } from './RelayLimits.js'
import type { DocumentRules, Principal } from './RelaySocket.js'
import type { IncomingUpdate, SharedDocument } from './SharedDocument.js'

/** A change applied and judged, waiting in its batch to be appended. */
interface Accepted {
  readonly effective: Uint8Array
  /** The connection that sent it, or 'server'. */
  readonly origin: unknown
  /** What the server wrote itself while applying it, which its sender lacks (see `SharedDocument`). */
  readonly echo?: Uint8Array | null
  readonly resolve: () => void
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** A throw from the rules or a check is the server's fault as far as the client can tell. */
function asRelayError(error: unknown): RelayError {
  return error instanceof RelayError
    ? error
    : new RelayError(CloseCode.InternalError, 'the update could not be checked')
}

/** What the pipeline needs from the relay that owns it. */
export interface CommitPipelineDeps {
  readonly store: DocumentStore
  readonly log: Logger
  readonly limits: RelayLimits
  readonly rules: DocumentRules
  /** The relay's counters, which the pipeline adds to. */
  readonly stats: {
    batches: number
    batchedUpdates: number
    readonly events: Record<RelayEvent, number>
  }
  /** Closes every connection of a document and drops it from memory. */
  evict(document: SharedDocument, code: number, reason: string): void
}

/**
 * The way from a validated update to everyone else: batched per document, applied, checked,
 * judged by the application's rules, appended to the log, and only then broadcast; or rolled
 * back to the log when anything on the way throws. Everything here runs in a document's queue.
 */
export class CommitPipeline {
  readonly #deps: CommitPipelineDeps

  constructor(deps: CommitPipelineDeps) {
    this.#deps = deps
  }

  /**
   * Applies a validated update, lets the rules judge it, appends what it changed to the log, and
   * only then broadcasts it; resolves once it is stored (or quietly dropped, when its sender lost
   * the right to write or the document went away meanwhile).
   *
   * Updates a document receives within one turn of the event loop, and those that arrive while
   * its previous batch is being stored, are committed together: each is applied and judged on
   * its own, in arrival order, and what they changed is appended as one log entry and broadcast
   * as one message. Whatever throws between an apply and the append (the apply itself, the
   * rules, a check of the result) rolls the document back to its log before the task ends, so
   * nothing unlogged is ever served (sync step 2) or written by compaction; the updates accepted
   * before it in the batch are stored first, so one bad update never costs another sender's.
   */
  commit(document: SharedDocument, update: Uint8Array, origin: RelayConnection): Promise<void> {
    return new Promise((resolve, reject) => {
      document.incoming.push({ update, origin, resolve, reject })
      if (document.flushQueued) return
      document.flushQueued = true
      setImmediate(() => {
        void document.run(() => {
          document.flushQueued = false
          return this.#commitBatch(document, document.incoming.splice(0))
        })
      })
    })
  }

  /** Commits a batch of client updates; see `commit`. Runs inside the document's queue. */
  async #commitBatch(document: SharedDocument, batch: IncomingUpdate[]): Promise<void> {
    let accepted: Accepted[] = []
    try {
      for (const entry of batch) {
        const origin = entry.origin as RelayConnection
        // Its sender may have been closed, or lost its write access, since it was validated.
        if (document.state !== 'ready' || origin.isClosed || origin.access !== 'write') {
          entry.resolve()
          continue
        }
        let effective: Uint8Array | null
        try {
          effective = this.#applyChecked(document, entry.update, origin)
        } catch (error) {
          // Store what the batch accepted so far, then rebuild from the log, which now holds it.
          const stored = await this.#persist(document, accepted)
          accepted = []
          if (stored) await this.rollBack(document, error)
          entry.reject(asRelayError(error))
          continue
        }
        const echo = document.takeMadeWhileApplying()
        if (effective) accepted.push({ effective, origin, echo, resolve: entry.resolve })
        else entry.resolve()
      }
      await this.#persist(document, accepted)
    } catch (error) {
      // Not expected (every step above handles its own failures); never leave a sender waiting,
      // nor the document holding what the log does not.
      this.#deps.log.error({ err: error, doc: document.name }, 'committing a batch failed')
      if (document.unlogged && document.state === 'ready') await this.rollBack(document, error)
      for (const entry of batch) entry.reject(asRelayError(error))
    }
  }

  /**
   * Applies one client update and runs every check on what it did. Returns the effective update,
   * or null when it changed nothing; throws when it must be undone. Runs inside the queue.
   */
  #applyChecked(
    document: SharedDocument,
    update: Uint8Array,
    origin: RelayConnection,
  ): Uint8Array | null {
    const before = this.#deps.rules.observe?.(document.name, origin.principal, document.doc)
    let effective: Uint8Array | null
    try {
      effective = document.apply(update, origin)
    } catch (error) {
      // Yjs's own words stay in the log: the client gets the code's fixed reason.
      throw new RelayError(
        CloseCode.CorruptUpdate,
        CLOSE_REASONS.CorruptUpdate,
        `the update failed to apply: ${messageOf(error)}`,
      )
    }
    if (document.hasPending()) {
      // Yjs keeps what it cannot integrate yet and serves it in every sync step 2, unvetted and
      // unlogged, and integrates it later inside someone else's update. None of that may happen.
      throw new RelayError(
        CloseCode.MissingDependencies,
        'the update depends on changes the server does not hold',
      )
    }
    // The worker bounded the nesting within the update; this bounds it within the document,
    // which a run of updates, each a little deeper, could otherwise grow without limit.
    if (
      document.nestingDepthOfChange(this.#deps.limits.maxNestingDepth) >
      this.#deps.limits.maxNestingDepth
    ) {
      throw new RelayError(CloseCode.UpdateTooComplex, 'the update nests types too deep')
    }
    if (!effective || before === undefined) return effective
    const refusal = this.#deps.rules.vet?.(document.name, origin.principal, before, document.doc)
    if (refusal) throw new RelayError(CloseCode.AttributionRefused, refusal)
    return effective
  }

  /**
   * Undoes whatever is applied but not logged, by rebuilding the document from its log, which
   * holds exactly what everyone else has seen. Peers keep their connections. Runs inside the
   * queue; if the log cannot be read, the document is evicted instead.
   */
  async rollBack(document: SharedDocument, cause: unknown): Promise<void> {
    const level = cause instanceof RelayError ? 'info' : 'warn'
    this.#deps.log[level](
      { err: cause, doc: document.name },
      'rolling the document back to its log',
    )
    this.#deps.stats.events.documentReloaded += 1
    try {
      await document.reload()
    } catch {
      this.#deps.evict(document, CloseCode.StorageFailure, 'the document could not be reloaded')
    }
  }

  /** Tells the rules that a client's update was stored; a throw there changes nothing stored. */
  #notifyStored(document: SharedDocument, principal: Principal | null): void {
    try {
      this.#deps.rules.stored?.(document.name, principal)
    } catch (error) {
      this.#deps.log.error({ err: error, doc: document.name }, 'the stored hook failed')
    }
  }

  /**
   * Appends applied changes as one log entry and only then broadcasts them, as one message, then
   * resolves their senders. Runs inside the document's queue. If the append fails, the document
   * in memory holds state the log does not: it is evicted, and its clients reconnect and resend
   * what they hold. Returns whether the changes were stored.
   */
  async #persist(document: SharedDocument, accepted: readonly Accepted[]): Promise<boolean> {
    if (accepted.length === 0) return true
    const merged =
      accepted.length === 1
        ? accepted[0]!.effective
        : Y.mergeUpdates(accepted.map((change) => change.effective))
    let seq: number
    try {
      seq = await this.#deps.store.append(document.name, merged)
    } catch (error) {
      this.#deps.log.error(
        { err: error, doc: document.name },
        'append failed; evicting the document',
      )
      this.#deps.evict(document, CloseCode.StorageFailure, 'the update could not be stored')
      for (const change of accepted) change.resolve()
      return false
    }
    document.appended(seq, merged.byteLength)
    if (accepted[0]!.origin !== 'server') {
      this.#deps.stats.batches += 1
      this.#deps.stats.batchedUpdates += accepted.length
    }
    this.#broadcast(document, merged, accepted)
    // The rules hear once per batch and principal: their follow-up work (lock checks, mirror
    // refreshes) looks at the stored state, which is the same for every update of the batch.
    const told = new Set<string | null>()
    for (const change of accepted) {
      change.resolve()
      if (!(change.origin instanceof RelayConnection)) continue
      const principal = change.origin.principal
      const who = principal ? principal.userId : null
      if (told.has(who)) continue
      told.add(who)
      this.#notifyStored(document, principal)
    }
    const { compactAfterUpdates, compactAfterBytes } = this.#deps.limits
    if (document.logLength >= compactAfterUpdates || document.logBytes >= compactAfterBytes) {
      void document
        .run(() => document.compact())
        .catch((error: unknown) => {
          // The log is intact; compaction is retried after the next append.
          this.#deps.log.error({ err: error, doc: document.name }, 'compaction failed')
        })
    }
    return true
  }

  /**
   * Sends stored changes to every peer as one message; a peer that sent some of them gets only
   * the others' (it holds its own already).
   */
  #broadcast(document: SharedDocument, merged: Uint8Array, accepted: readonly Accepted[]): void {
    const origins = new Set(accepted.map((change) => change.origin))
    if (origins.size === 1) {
      const origin = accepted[0]!.origin
      document.broadcast(encodeSyncUpdate(merged), origin)
      const echoes = accepted.flatMap((change) => (change.echo ? [change.echo] : []))
      if (echoes.length > 0 && origin instanceof RelayConnection && origin.isOpen)
        origin.send(encodeSyncUpdate(echoes.length === 1 ? echoes[0]! : Y.mergeUpdates(echoes)))
      return
    }
    const everything = encodeSyncUpdate(merged)
    for (const peer of document.peers) {
      if (!peer.isOpen) continue
      if (!origins.has(peer)) {
        peer.send(everything)
        continue
      }
      // The others' changes, and what the server wrote itself while applying this peer's.
      const parts = accepted.flatMap((change) =>
        change.origin !== peer ? [change.effective] : change.echo ? [change.echo] : [],
      )
      if (parts.length === 0) continue
      peer.send(encodeSyncUpdate(parts.length === 1 ? parts[0]! : Y.mergeUpdates(parts)))
    }
  }

  /** Stores and broadcasts a server-side change (`Relay.mutate`). Runs inside the queue. */
  storeServerChange(document: SharedDocument, effective: Uint8Array): Promise<boolean> {
    return this.#persist(document, [{ effective, origin: 'server', resolve: () => {} }])
  }
}
