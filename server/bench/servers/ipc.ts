/**
 * The contract between the bench and a server child process, over Node's IPC channel. Both
 * sides import these types: the child through `announce`, the parent in `ServerProcess`.
 */

/** What every server counts about itself, so that leaks show the same way for all of them. */
export interface ServerCounts {
  /** Documents held in memory. */
  readonly loadedDocuments: number
  /** Client connections the server still counts as open. */
  readonly openConnections: number
  /** Anything else the server counts (Accord's relay stats). */
  readonly detail?: unknown
}

/** A server's counts and its live heap. */
export interface ServerStats extends ServerCounts {
  /**
   * V8 heap in use right after a full collection (the bench starts servers with --expose-gc):
   * unlike RSS, which rarely shrinks, this falls back once memory is really released.
   */
  readonly heapUsedAfterGc: number
}

/**
 * What a server that serves real drafts tells the bench: the session to connect with, and the
 * drafts (canonical document names) with the paragraphs a client may edit without touching a
 * lock or a proposal, one draft per document of the workload, in order.
 */
export interface DraftContext {
  readonly token: string
  readonly editorVersion: number
  readonly drafts: readonly { readonly name: string; readonly editable: readonly string[] }[]
}

/** What a server child sends its parent. */
export type ServerMessage =
  | { readonly type: 'ready'; readonly port: number; readonly drafts?: DraftContext }
  | { readonly type: 'stats'; readonly stats: ServerStats }

/** What the parent asks of a server child. */
export type ParentMessage = { readonly type: 'stats' }

function isParentMessage(value: unknown): value is ParentMessage {
  return typeof value === 'object' && value !== null && 'type' in value && value.type === 'stats'
}

function send(message: ServerMessage): void {
  process.send?.(message)
}

function heapUsedAfterGc(): number {
  const { gc } = globalThis as { gc?: () => void }
  gc?.()
  return process.memoryUsage().heapUsed
}

/**
 * Tells the parent the server listens on `port`, answers its stats requests, and shuts the
 * server down on SIGTERM or when the parent goes away. The last matters: a bench that is
 * killed outright (SIGKILL) cannot kill its children, and an orphaned server would keep
 * running; the IPC channel closing is the one signal such a child still gets.
 */
export function announce(
  port: number,
  {
    stats,
    close,
    drafts,
  }: { stats: () => ServerCounts; close: () => Promise<void>; drafts?: DraftContext },
): void {
  let stopping = false
  const stop = () => {
    if (stopping) return
    stopping = true
    // A server that cannot drain in a second is killed by the parent anyway.
    setTimeout(() => process.exit(0), 1_000).unref()
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    )
  }
  process.on('message', (message: unknown) => {
    if (isParentMessage(message)) {
      send({ type: 'stats', stats: { ...stats(), heapUsedAfterGc: heapUsedAfterGc() } })
    }
  })
  process.on('SIGTERM', stop)
  process.on('disconnect', stop)
  send(drafts ? { type: 'ready', port, drafts } : { type: 'ready', port })
}
