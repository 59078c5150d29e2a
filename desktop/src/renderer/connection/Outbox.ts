import { ApiError } from '../api/ApiError'
import { api } from '../api/apiClient'
import { ExternalStore } from '../app/ExternalStore'

/** A REST command waiting to be sent. */
export interface PendingCommand {
  /** Local id: a command is removed once sent, so it is sent once. */
  readonly id: string
  readonly kind: 'comment' | 'position' | 'other'
  readonly paragraphId: string | null
  /** What to show while it waits (a comment's text, a position's value). */
  readonly summary: string
  readonly method: 'POST' | 'PUT' | 'PATCH' | 'DELETE'
  readonly path: string
  readonly body?: unknown
}

let sequence = 0

/** The prefix of every localStorage key that holds pending commands. */
export const OUTBOX_PREFIX = 'accord.outbox/'

/** Whether a failure means "try again later" rather than "refused": no answer, or signed out. */
function isTransient(error: unknown): boolean {
  return error instanceof ApiError && (error.isNetwork || error.status === 401)
}

/**
 * Commands (comments, positions) made while offline: kept in order, shown as pending, and sent
 * when the connection comes back, one at a time and each once. A command is queued only when
 * the request never reached the server (a network failure); a refusal is the user's to see.
 */
export class Outbox {
  readonly pending = new ExternalStore<readonly PendingCommand[]>([])
  #flushing: Promise<void> | null = null
  #retry: ReturnType<typeof setTimeout> | null = null
  readonly #onRefused: (command: PendingCommand, error: ApiError) => void

  /**
   * `storageKey` names where pending commands are kept (localStorage), so that a reload or an
   * expired session loses none; signing out deletes every such key ({@link OUTBOX_PREFIX}).
   */
  constructor(
    onRefused: (command: PendingCommand, error: ApiError) => void,
    storageKey: string | null = null,
  ) {
    this.#onRefused = onRefused
    if (storageKey) {
      try {
        const kept = JSON.parse(localStorage.getItem(storageKey) ?? '[]')
        if (Array.isArray(kept) && kept.length > 0) this.pending.set(kept as PendingCommand[])
      } catch {
        localStorage.removeItem(storageKey)
      }
      this.pending.subscribe(() => {
        const list = this.pending.get()
        if (list.length === 0) localStorage.removeItem(storageKey)
        else localStorage.setItem(storageKey, JSON.stringify(list))
      })
    }
  }

  /** Sends now if possible; queues on a network failure. Refusals are thrown. */
  async send(command: Omit<PendingCommand, 'id'>): Promise<'sent' | 'queued'> {
    const queued: PendingCommand = { ...command, id: `local-${Date.now()}-${++sequence}` }
    if (this.pending.get().length > 0 || !navigator.onLine) {
      this.pending.set([...this.pending.get(), queued])
      this.#retryLater()
      return 'queued'
    }
    try {
      await api(command.method, command.path, command.body)
      return 'sent'
    } catch (error) {
      if (isTransient(error)) {
        this.pending.set([...this.pending.get(), queued])
        this.#retryLater()
        return 'queued'
      }
      throw error
    }
  }

  #retryLater(): void {
    if (this.#retry) return
    this.#retry = setTimeout(() => {
      this.#retry = null
      if (navigator.onLine) void this.flush()
      else this.#retryLater()
    }, 3_000)
  }

  /** Stops retrying (the declaration was closed). */
  stop(): void {
    if (this.#retry) clearTimeout(this.#retry)
    this.#retry = null
  }

  /** Sends what is queued, in order; stops at the first network failure. */
  flush(): Promise<void> {
    if (this.#flushing) return this.#flushing
    // Cleared in `finally`, which runs after the assignment below even when there is nothing
    // to send (an async body with no await would otherwise clear it before it was set).
    this.#flushing = this.#sendQueued().finally(() => {
      this.#flushing = null
    })
    return this.#flushing
  }

  async #sendQueued(): Promise<void> {
    while (this.pending.get().length > 0) {
      const next = this.pending.get()[0]!
      try {
        await api(next.method, next.path, next.body)
      } catch (error) {
        if (isTransient(error)) {
          // The network may be back before the socket says so, or not yet, or the session
          // must be renewed first: keep the command and try again soon.
          this.#retryLater()
          return
        }
        this.#onRefused(
          next,
          error instanceof ApiError ? error : new ApiError(0, 'internal', String(error)),
        )
      }
      this.pending.set(this.pending.get().filter((command) => command.id !== next.id))
    }
  }
}
