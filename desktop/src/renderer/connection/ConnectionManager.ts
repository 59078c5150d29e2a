import { clearDocument } from 'y-indexeddb'
import type { ApiError } from '../api/ApiError'
import { DeclarationConnection, type DeclarationRef } from './DeclarationConnection'
import { OUTBOX_PREFIX, type PendingCommand } from './Outbox'

/** Who is signed in, and where the relay is. */
export interface ConnectionUser {
  readonly userId: string
  readonly token: string | null
  /** `http(s)://host` of the server. */
  readonly serverUrl: string
}

/** What the manager tells the rest of the app. */
export interface ConnectionEvents {
  readonly onUnauthorized: () => void
  readonly onRefused: (command: PendingCommand, error: ApiError) => void
}

const KNOWN_DATABASES = 'accord.localDatabases'

/**
 * The one owner of sockets and local copies, outside React (components only borrow). A
 * declaration's documents are opened on first use and closed a moment after the last user lets
 * go, so React's StrictMode (mount, unmount, mount) reuses them instead of orphaning sockets.
 * Local databases are named per user and document and remembered, so that signing out can
 * delete every one of them.
 */
export class ConnectionManager {
  #user: ConnectionUser | null = null
  readonly #open = new Map<string, { connection: DeclarationConnection; users: number }>()
  readonly #events: ConnectionEvents

  constructor(events: ConnectionEvents) {
    this.#events = events
    window.addEventListener('offline', () => {
      for (const { connection } of this.#open.values()) connection.wentOffline()
    })
    window.addEventListener('online', () => {
      for (const { connection } of this.#open.values()) connection.cameOnline()
    })
  }

  /** Sets who is signed in; a different user closes everything of the previous one. */
  setUser(user: ConnectionUser): void {
    if (this.#user && this.#user.userId !== user.userId) this.closeAll()
    this.#user = user
    for (const { connection } of this.#open.values()) connection.retryNow()
  }

  /** Borrows a declaration's connection; call `release` with it when done. */
  acquire(ref: DeclarationRef): DeclarationConnection {
    const user = this.#user
    if (!user) throw new Error('acquire() before sign-in')
    const key = `${ref.conferenceId}/${ref.declarationId}/${ref.delegationId ?? ''}`
    const existing = this.#open.get(key)
    if (existing) {
      existing.users += 1
      return existing.connection
    }
    const connection = new DeclarationConnection(ref, {
      wsBase: `${user.serverUrl.replace(/^http/, 'ws')}/sync`,
      userId: user.userId,
      token: user.token,
      onUnauthorized: this.#events.onUnauthorized,
      onRefused: this.#events.onRefused,
    })
    this.#remember(connection.documents().map((d) => d.persistence.name))
    this.#open.set(key, { connection, users: 1 })
    return connection
  }

  /** Gives a borrowed connection back; it closes shortly after its last user leaves. */
  release(connection: DeclarationConnection): void {
    for (const [key, entry] of this.#open) {
      if (entry.connection !== connection) continue
      entry.users -= 1
      setTimeout(() => {
        if (entry.users > 0 || this.#open.get(key) !== entry) return
        this.#open.delete(key)
        entry.connection.destroy()
      }, 1_000)
    }
  }

  /** Closes every connection (local copies stay on disk). */
  closeAll(): void {
    for (const { connection } of this.#open.values()) connection.destroy()
    this.#open.clear()
  }

  /**
   * Signing out: closes everything and deletes the local copies of every document this browser
   * kept, so a shared computer keeps nothing of one delegation for the next user.
   */
  async forgetUser(): Promise<void> {
    this.closeAll()
    this.#user = null
    const names = new Set(this.#known())
    // Databases named by an earlier version of this list, or left behind by a crash.
    const listed = await indexedDB.databases?.().catch(() => [])
    for (const db of listed ?? []) if (db.name?.startsWith('accord/')) names.add(db.name)
    await Promise.all([...names].map((name) => clearDocument(name)))
    localStorage.removeItem(KNOWN_DATABASES)
    // Commands never sent (a comment, perhaps internal) go too.
    for (const key of Object.keys(localStorage)) {
      if (key.startsWith(OUTBOX_PREFIX)) localStorage.removeItem(key)
    }
  }

  #known(): string[] {
    try {
      const parsed = JSON.parse(localStorage.getItem(KNOWN_DATABASES) ?? '[]')
      return Array.isArray(parsed) ? parsed.filter((x) => typeof x === 'string') : []
    } catch {
      return []
    }
  }

  #remember(names: string[]): void {
    const known = new Set([...this.#known(), ...names])
    localStorage.setItem(KNOWN_DATABASES, JSON.stringify([...known]))
  }
}
