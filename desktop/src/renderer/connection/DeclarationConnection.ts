import { EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { documentName } from '@accord/protocol'
import { ExternalStore } from '../app/ExternalStore'
import { type ConnectionStatus, combineStatuses } from './DocumentStatus'
import { ManagedDocument } from './ManagedDocument'
import { EMPTY_MIRROR, type MirrorSnapshot, readMirrors } from './MirrorSnapshot'
import { OUTBOX_PREFIX, Outbox, type PendingCommand } from './Outbox'
import { RemoteUpdateGate } from './RemoteUpdateGate'

/** Which declaration, and as whom. */
export interface DeclarationRef {
  readonly conferenceId: string
  readonly declarationId: string
  /** The user's delegation, whose private mirror is opened too; null for the secretariat. */
  readonly delegationId: string | null
}

/** How the manager lets a declaration's documents reach the server. */
export interface ConnectionContext {
  readonly wsBase: string
  readonly userId: string
  readonly token: string | null
  readonly onUnauthorized: () => void
  readonly onRefused: (command: PendingCommand, error: import('../api/ApiError').ApiError) => void
}

/** The local database of one document: per user and per document, never shared. */
export function localName(userId: string, name: string): string {
  return `accord/${userId}/${name}`
}

/**
 * Every document of one declaration, opened together: the draft (edited), the shared mirror and
 * the delegation's own mirror (read), one status for all three, and the outbox of commands.
 */
export class DeclarationConnection {
  readonly ref: DeclarationRef
  readonly draft: ManagedDocument
  readonly shared: ManagedDocument
  readonly delegation: ManagedDocument | null
  /** Holds other people's draft updates while this user composes with an input method. */
  readonly draftGate: RemoteUpdateGate
  readonly status = new ExternalStore<ConnectionStatus>({ state: 'syncing' })
  readonly mirror = new ExternalStore<MirrorSnapshot>(EMPTY_MIRROR)
  readonly outbox: Outbox
  readonly #unsubscribe: (() => void)[] = []
  #mirrorQueued = false

  constructor(ref: DeclarationRef, context: ConnectionContext) {
    this.ref = ref
    const open = (name: string, params: Record<string, string> = {}) =>
      new ManagedDocument({
        wsBase: context.wsBase,
        documentName: name,
        localName: localName(context.userId, name),
        params: context.token ? { ...params, token: context.token } : params,
        onUnauthorized: context.onUnauthorized,
      })
    const { conferenceId, declarationId } = ref
    this.draft = open(documentName({ kind: 'draft', conferenceId, declarationId }), {
      editor: String(EDITOR_SCHEMA_VERSION),
    })
    this.draftGate = new RemoteUpdateGate(this.draft.provider)
    this.shared = open(documentName({ kind: 'shared', conferenceId, declarationId }))
    this.delegation = ref.delegationId
      ? open(
          documentName({
            kind: 'delegation',
            conferenceId,
            declarationId,
            delegationId: ref.delegationId,
          }),
        )
      : null
    this.outbox = new Outbox(
      context.onRefused,
      `${OUTBOX_PREFIX}${context.userId}/${conferenceId}/${declarationId}`,
    )
    for (const document of this.documents()) {
      this.#unsubscribe.push(document.status.subscribe(() => this.#updateStatus()))
    }
    const onMirror = () => this.#queueMirror()
    this.shared.doc.on('update', onMirror)
    this.delegation?.doc.on('update', onMirror)
    this.#unsubscribe.push(() => {
      this.shared.doc.off('update', onMirror)
      this.delegation?.doc.off('update', onMirror)
    })
    this.#updateStatus()
    this.#queueMirror()
  }

  /** The documents, draft first. */
  documents(): ManagedDocument[] {
    return [this.draft, this.shared, ...(this.delegation ? [this.delegation] : [])]
  }

  #updateStatus(): void {
    const status = combineStatuses(this.documents().map((d) => d.status.get()))
    const previous = this.status.get()
    if (JSON.stringify(previous) !== JSON.stringify(status)) this.status.set(status)
    if (status.state === 'online' && previous.state !== 'online') void this.outbox.flush()
  }

  // Many updates arrive in one burst when a mirror syncs; read it once per burst.
  #queueMirror(): void {
    if (this.#mirrorQueued) return
    this.#mirrorQueued = true
    queueMicrotask(() => {
      this.#mirrorQueued = false
      this.mirror.set(readMirrors(this.shared.doc, this.delegation?.doc ?? null))
    })
  }

  wentOffline(): void {
    for (const document of this.documents()) document.wentOffline()
  }

  cameOnline(): void {
    for (const document of this.documents()) document.cameOnline()
  }

  retryNow(): void {
    for (const document of this.documents()) document.retryNow()
  }

  destroy(): void {
    this.draftGate.resume()
    this.outbox.stop()
    for (const unsubscribe of this.#unsubscribe) unsubscribe()
    for (const document of this.documents()) document.destroy()
  }
}
