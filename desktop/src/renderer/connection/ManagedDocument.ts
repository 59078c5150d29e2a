import { CloseCode, isFinalCloseCode } from '@accord/protocol'
import { IndexeddbPersistence } from 'y-indexeddb'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { ExternalStore } from '../app/ExternalStore'
import { backoffDelay, type DocumentStatus } from './DocumentStatus'

/** How to reach and keep one document. */
export interface ManagedDocumentOptions {
  /** `ws(s)://host/sync` */
  readonly wsBase: string
  readonly documentName: string
  /** The IndexedDB database, named per user and document. */
  readonly localName: string
  /** Query parameters (token, editor version). */
  readonly params: Record<string, string>
  /** Called when the server closes with Unauthorized (the session ended). */
  readonly onUnauthorized: () => void
}

/**
 * One Y.Doc with its socket and its local copy. Reconnecting is ours, not y-websocket's: its
 * backoff has no jitter and no visible retry time, so the provider is told never to reconnect
 * on its own and this class schedules `connect()` with jittered backoff, stops for good on a
 * final close code (4400–4499), and says which in its status.
 */
export class ManagedDocument {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly persistence: IndexeddbPersistence
  readonly status = new ExternalStore<DocumentStatus>({ state: 'connecting' })
  /** Resolves once the local copy has been read (the document can be shown offline). */
  readonly loadedLocally: Promise<void>
  #attempt = 0
  #retry: ReturnType<typeof setTimeout> | null = null
  #destroyed = false
  readonly #options: ManagedDocumentOptions

  constructor(options: ManagedDocumentOptions) {
    this.#options = options
    this.persistence = new IndexeddbPersistence(options.localName, this.doc)
    this.loadedLocally = this.persistence.whenSynced.then(() => {})
    this.provider = new WebsocketProvider(options.wsBase, options.documentName, this.doc, {
      params: options.params,
      disableBc: true,
      connect: navigator.onLine,
      shouldReconnect: () => false,
    })
    this.provider.on('status', ({ status }) => {
      if (status === 'connected') this.status.set({ state: 'syncing' })
      else if (status === 'connecting') this.status.set({ state: 'connecting' })
    })
    this.provider.on('sync', (synced: boolean) => {
      if (synced) {
        this.#attempt = 0
        this.status.set({ state: 'synced' })
      }
    })
    this.provider.on('closed', ({ code, reason }) => this.#closed(code, reason))
    if (!navigator.onLine) this.status.set({ state: 'offline' })
  }

  #closed(code: number, reason: string): void {
    if (this.#destroyed) return
    if (code === CloseCode.Unauthorized) this.#options.onUnauthorized()
    if (isFinalCloseCode(code)) {
      this.status.set({ state: 'stopped', code, reason })
      return
    }
    if (!navigator.onLine) {
      this.status.set({ state: 'offline' })
      return
    }
    this.#schedule(backoffDelay(this.#attempt++))
  }

  #schedule(delay: number): void {
    if (this.#retry) clearTimeout(this.#retry)
    this.status.set({ state: 'reconnecting', retryAt: Date.now() + delay })
    this.#retry = setTimeout(() => {
      this.#retry = null
      if (!this.#destroyed) this.provider.connect()
    }, delay)
  }

  /** The network went away: drop the socket now rather than wait for it to time out. */
  wentOffline(): void {
    if (this.#retry) clearTimeout(this.#retry)
    this.#retry = null
    this.provider.disconnect()
    this.status.set({ state: 'offline' })
  }

  /** The network is back: reconnect at once (unless the server stopped us for good). */
  cameOnline(): void {
    if (this.status.get().state === 'stopped') return
    if (this.#retry) clearTimeout(this.#retry)
    this.#retry = null
    this.status.set({ state: 'connecting' })
    this.provider.connect()
  }

  /** Tries again now, even after a final close: the user signed in again, or asked to. */
  retryNow(): void {
    this.#attempt = 0
    if (this.#retry) clearTimeout(this.#retry)
    this.#retry = null
    this.status.set(navigator.onLine ? { state: 'connecting' } : { state: 'offline' })
    if (navigator.onLine) this.provider.connect()
  }

  /** Closes the socket and the local copy (kept on disk). */
  destroy(): void {
    this.#destroyed = true
    if (this.#retry) clearTimeout(this.#retry)
    this.provider.destroy()
    void this.persistence.destroy()
    this.doc.destroy()
  }
}
