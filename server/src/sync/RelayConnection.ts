import { CLOSE_REASONS, CloseCode, closeCodeName } from '@accord/protocol'
import type { Logger } from 'pino'
import * as Y from 'yjs'
import { type AwarenessEntry, decodeAwarenessUpdate } from './awarenessUpdate.js'
import {
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  KEEPALIVE_MESSAGE,
  parseClientMessage,
} from './messages.js'
import { closeCodeOf, RelayError } from './RelayError.js'
import type { RelayLimits } from './RelayLimits.js'
import type { Access, Principal, RelaySocket } from './RelaySocket.js'
import type { DocumentPeer, SharedDocument } from './SharedDocument.js'
import { TokenBucket } from './TokenBucket.js'
import type { Validation } from './UpdateValidator.js'

/** What a connection needs from the relay that owns it. */
export interface ConnectionHost {
  readonly limits: RelayLimits
  /** Decodes an untrusted update off the main thread; `key` names who sent it, for fairness. */
  validate(update: Uint8Array, key: string): Promise<Validation>
  /** Appends the effective update and broadcasts it; see Relay.commit. */
  commit(doc: SharedDocument, update: Uint8Array, origin: RelayConnection): Promise<void>
  /** Called once, when the connection closes for any reason. */
  closed(connection: RelayConnection, code: number, reason: string): void
  count(event: RelayEvent): void
}

/** Events the relay counts, for tests and operators. */
export type RelayEvent =
  | 'readOnlyUpdateDropped'
  | 'awarenessSpoofDropped'
  | 'keepaliveSent'
  /** A document was rebuilt from its log to undo an update or edit that failed half-way. */
  | 'documentReloaded'

/**
 * setup: authorising and loading, frames wait. open: frames are handled. draining: the client
 * closed its socket, and the updates it sent before that are still being stored. closed: done.
 */
type Phase = 'setup' | 'open' | 'draining' | 'closed'

/** A WebSocket close reason holds at most 123 bytes of UTF-8; longer ones make the close fail. */
const MAX_CLOSE_REASON_BYTES = 123

/** `reason`, cut to fit a close frame without splitting a character. */
export function closeReason(reason: string): string {
  const encoder = new TextEncoder()
  if (encoder.encode(reason).byteLength <= MAX_CLOSE_REASON_BYTES) return reason
  let cut = reason
  while (encoder.encode(`${cut}…`).byteLength > MAX_CLOSE_REASON_BYTES) cut = cut.slice(0, -1)
  return `${cut}…`
}

const VALIDATION_CLOSE_CODES = {
  corrupt: CloseCode.CorruptUpdate,
  timeout: CloseCode.DecodeTimeout,
  tooComplex: CloseCode.UpdateTooComplex,
} as const

// An update with no structs and an empty delete set: stock clients send it often in step 2.
const EMPTY_UPDATE_LENGTH = 2

/**
 * One client connection to one document. Messages are handled one at a time, in the order they
 * arrived; those that arrive before the connection is open (authorised, document loaded) wait.
 */
export class RelayConnection implements DocumentPeer {
  readonly awarenessIds = new Set<number>()
  access: Exclude<Access, 'deny'> = 'read'
  /** Who is behind the connection, when the access hook said so. */
  principal: Principal | null = null
  document: SharedDocument | null = null
  /** False once a keepalive period passed with neither a pong nor a message. */
  alive = true
  #phase: Phase = 'setup'
  #pending: Uint8Array[] = []
  #chain: Promise<void> = Promise.resolve()
  /** Frames received but not handled yet, and their bytes: bounded, whatever the rate allows. */
  #queued = 0
  #queuedBytes = 0
  #lastSentAt = performance.now()
  #reportedClosed = false
  readonly #messages: TokenBucket
  readonly #bytes: TokenBucket

  constructor(
    readonly id: number,
    readonly documentName: string,
    readonly request: Request,
    readonly socket: RelaySocket,
    readonly host: ConnectionHost,
    readonly log: Logger,
  ) {
    const { messageBurst, messagesPerSecond, byteBurst, bytesPerSecond } = host.limits
    this.#messages = new TokenBucket(messageBurst, messagesPerSecond)
    this.#bytes = new TokenBucket(byteBurst, bytesPerSecond)
  }

  get isOpen(): boolean {
    return this.#phase === 'open'
  }

  get isClosed(): boolean {
    return this.#phase === 'closed'
  }

  /** The client left, and the updates it sent before leaving are still being stored. */
  get isDraining(): boolean {
    return this.#phase === 'draining'
  }

  /** Resolves once every message received so far has been handled. */
  settled(): Promise<void> {
    return this.#chain
  }

  /** Takes one frame from the transport: bytes for a binary frame, a string for a text frame. */
  receive(frame: Uint8Array | string): void {
    if (this.#phase === 'closed') return
    this.alive = true
    if (typeof frame === 'string') {
      this.close(CloseCode.TextFrame, 'text frames are not part of the protocol')
      return
    }
    if (!this.#messages.take(1) || !this.#bytes.take(frame.byteLength)) {
      this.close(CloseCode.RateLimited, 'message rate limit exceeded')
      return
    }
    if (this.#phase === 'setup') {
      if (this.#pending.length >= this.host.limits.maxPendingMessages) {
        this.close(CloseCode.RateLimited, 'too many messages before the connection was open')
        return
      }
      this.#pending.push(frame)
      return
    }
    this.#enqueue(frame)
  }

  /** Reports a transport-level pong. */
  pong(): void {
    this.alive = true
  }

  /**
   * Opens the connection on a loaded document: sends the document's state vector (to writers)
   * and the current awareness, then handles the messages that waited. Runs inside the
   * document's queue, so that no update is broadcast between this and the connection opening.
   */
  open(document: SharedDocument): void {
    if (this.#phase !== 'setup') return
    if (this.access === 'write') this.send(encodeSyncStep1(Y.encodeStateVector(document.doc)))
    const awareness = document.awarenessSnapshot()
    if (awareness) this.send(encodeAwarenessMessage(awareness))
    this.#phase = 'open'
    for (const frame of this.#pending.splice(0)) this.#enqueue(frame)
  }

  /** Sends one message, closing the connection if the client stopped reading. */
  send(message: Uint8Array): void {
    if (this.#phase !== 'open' && this.#phase !== 'setup') return
    try {
      this.socket.send(message)
    } catch (error) {
      this.log.debug({ err: error }, 'send failed')
      this.close(CloseCode.InternalError, 'send failed')
      return
    }
    this.#lastSentAt = performance.now()
    if (this.socket.bufferedAmount > this.host.limits.maxBufferedBytes) {
      this.close(CloseCode.SlowConsumer, 'the client stopped reading')
    }
  }

  /** One keepalive period passed: drops a silent peer, pings, and keeps stock clients' timers fed. */
  tick(now: number): void {
    if (this.#phase === 'closed' || this.#phase === 'draining') return
    if (!this.alive) {
      this.close(CloseCode.Unresponsive, 'no pong or message within the keepalive window')
      return
    }
    this.alive = false
    try {
      this.socket.ping()
    } catch {
      // A socket that cannot be pinged will be reaped at the next tick.
    }
    if (this.#phase === 'open' && now - this.#lastSentAt >= this.host.limits.keepaliveMs / 2) {
      this.send(KEEPALIVE_MESSAGE)
      this.host.count('keepaliveSent')
    }
  }

  /** Closes the connection with a named code; later calls do nothing. */
  close(code: number, reason: string, detail?: string): void {
    if (this.#phase === 'closed') return
    const draining = this.#phase === 'draining'
    this.#phase = 'closed'
    reason = closeReason(reason)
    this.#pending = []
    const level = code === CloseCode.Normal || code === CloseCode.ServiceRestart ? 'debug' : 'info'
    this.log[level]({ code, codeName: closeCodeName(code), reason, detail }, 'connection closed')
    if (draining) {
      // The socket is already gone; what is left is to stop draining.
      this.#reportClosed(code, reason)
      return
    }
    try {
      // A peer that stopped reading or answering would never take the closing handshake.
      if (code === CloseCode.SlowConsumer || code === CloseCode.Unresponsive)
        this.socket.terminate()
      else this.socket.close(code, reason)
    } catch {
      this.socket.terminate()
    }
    this.#reportClosed(code, reason)
  }

  /** The transport reported that the socket closed. */
  transportClosed(code: number): void {
    if (this.#phase === 'closed' || this.#phase === 'draining') return
    this.log.debug({ code }, 'socket closed by peer')
    if (this.#phase === 'open') {
      // Updates the client sent before it left were received; the client cannot resend them,
      // so they are stored before the connection lets go of its document. (Frames of a
      // connection that never opened were never authorised, and are dropped.)
      this.#phase = 'draining'
      void this.#chain.then(() => {
        if (this.#phase === 'draining') this.#phase = 'closed'
        this.#reportClosed(code, 'socket closed')
      })
      return
    }
    this.#phase = 'closed'
    this.#pending = []
    this.#reportClosed(code, 'socket closed')
  }

  #reportClosed(code: number, reason: string): void {
    if (this.#reportedClosed) return
    this.#reportedClosed = true
    this.host.closed(this, code, reason)
  }

  get #handling(): boolean {
    return this.#phase === 'open' || this.#phase === 'draining'
  }

  #enqueue(frame: Uint8Array): void {
    const { maxQueuedMessages, maxQueuedBytes } = this.host.limits
    if (
      this.#queued >= maxQueuedMessages ||
      this.#queuedBytes + frame.byteLength > maxQueuedBytes
    ) {
      // The rate limit lets a burst through; while one message is slow (a decode, a store),
      // the rest would pile up in memory without this bound.
      this.close(CloseCode.RateLimited, 'too many messages waiting to be handled')
      return
    }
    this.#queued += 1
    this.#queuedBytes += frame.byteLength
    this.#chain = this.#chain
      .then(() => (this.#handling ? this.#handle(frame) : undefined))
      .finally(() => {
        this.#queued -= 1
        this.#queuedBytes -= frame.byteLength
      })
      .catch((error: unknown) => {
        if (!(error instanceof RelayError))
          this.log.error({ err: error }, 'message handling failed')
        if (error instanceof RelayError) this.close(error.code, error.message, error.detail)
        else this.close(closeCodeOf(error), CLOSE_REASONS.InternalError)
      })
  }

  async #handle(frame: Uint8Array): Promise<void> {
    const document = this.document!
    const message = parseClientMessage(frame)
    // A client that left needs no answers and has no presence; only its updates still matter.
    if (
      this.#phase === 'draining' &&
      message.kind !== 'sync-step2' &&
      message.kind !== 'sync-update'
    )
      return
    switch (message.kind) {
      case 'sync-step1': {
        const reply = await document.run(() => {
          document.assertLogged()
          try {
            return encodeSyncStep2(Y.encodeStateAsUpdate(document.doc, message.stateVector))
          } catch {
            throw new RelayError(CloseCode.CorruptUpdate, 'malformed state vector')
          }
        })
        this.send(reply)
        return
      }
      case 'sync-step2':
      case 'sync-update':
        await this.#receiveUpdate(document, message.update)
        return
      case 'awareness': {
        const spoofed = document.applyAwareness(
          this,
          this.#stamp(decodeAwarenessUpdate(message.update)),
          this.host.limits.maxAwarenessIds,
        )
        for (let i = 0; i < spoofed; i++) this.host.count('awarenessSpoofDropped')
        return
      }
      case 'query-awareness': {
        const snapshot = document.awarenessSnapshot()
        if (snapshot) this.send(encodeAwarenessMessage(snapshot))
        return
      }
    }
  }

  /**
   * Replaces the `user` field of each awareness state with the identity from the session, so
   * that nobody can present themselves as someone else.
   */
  #stamp(entries: AwarenessEntry[]): AwarenessEntry[] {
    const principal = this.principal
    if (!principal) return entries
    const user = {
      id: principal.userId,
      name: principal.name,
      delegation: principal.delegation,
      color: principal.color,
    }
    return entries.map((entry) =>
      entry.state === null ? entry : { ...entry, state: { ...entry.state, user } },
    )
  }

  /**
   * Whose turn an update takes in the shared validator: the principal's, so that one account's
   * many connections share one turn; a connection without one is its own.
   */
  get #validationKey(): string {
    return this.principal ? `user:${this.principal.userId}` : `connection:${this.id}`
  }

  async #receiveUpdate(document: SharedDocument, update: Uint8Array): Promise<void> {
    if (this.access !== 'write') {
      // Read-only connections may answer sync step 1 with a step 2; that is not an attack, so
      // the update is dropped quietly and the connection stays open for live updates.
      this.host.count('readOnlyUpdateDropped')
      return
    }
    if (update.byteLength === EMPTY_UPDATE_LENGTH && update[0] === 0 && update[1] === 0) return
    if (document.storedBytes + update.byteLength > this.host.limits.maxDocumentBytes) {
      throw new RelayError(CloseCode.DocumentTooLarge, 'the document would exceed its size limit')
    }
    const validation = await this.host.validate(update, this.#validationKey)
    if (!validation.ok) {
      // The decoder's words (Yjs's, lib0's) are logged; the client gets the code's fixed reason.
      const code = VALIDATION_CLOSE_CODES[validation.reason]
      throw new RelayError(code, CLOSE_REASONS[closeCodeName(code)!], validation.message)
    }
    if (!this.#handling) return
    await this.host.commit(document, update, this)
  }
}
