import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { documentName } from '@accord/protocol'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'

// Node 20 has no WebSocket; the server's own `ws` is the one the relay's tests use too.
const serverPackage = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'server',
  'package.json',
)
const WebSocket = createRequire(serverPackage)('ws') as typeof globalThis.WebSocket

/** A reader of the server-written shared mirror, over the real relay, as a stock client. */
export interface SharedMirror {
  readonly doc: Y.Doc
  /** Resolves once `predicate` holds on the mirror; fails after `timeoutMs`. */
  until(predicate: (doc: Y.Doc) => boolean, what: string, timeoutMs?: number): Promise<void>
  close(): void
}

/** Connects to `conference/<c>/declaration/<d>/shared` with a bearer token and waits for sync. */
export async function openSharedMirror(
  serverUrl: string,
  conferenceId: string,
  declarationId: string,
  token: string,
): Promise<SharedMirror> {
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(
    `${serverUrl.replace(/^http/, 'ws')}/sync`,
    documentName({ kind: 'shared', conferenceId, declarationId }),
    doc,
    { WebSocketPolyfill: WebSocket, disableBc: true, params: { token }, maxBackoffTime: 300 },
  )
  const until = async (predicate: (d: Y.Doc) => boolean, what: string, timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs
    while (!predicate(doc)) {
      if (Date.now() > deadline) throw new Error(`the shared mirror never showed ${what}`)
      // Polls: a condition over the whole document, not one update, is what is awaited.
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
  }
  await until(() => provider.synced, 'a first sync', 20_000)
  return {
    doc,
    until,
    close() {
      provider.destroy()
      doc.destroy()
    },
  }
}
