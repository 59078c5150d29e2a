import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { DraftContext } from '../servers/ipc.js'
import type { BenchClient, ClientFactory } from './BenchClient.js'
import { CloseTally } from './CloseTally.js'
import { DraftEditor, observeRemoteDraftEdits } from './draftEdits.js'

/**
 * Stock `WebsocketProvider` clients of Accord's real drafts: the secretariat's session token and
 * the editor version in the query, as the desktop client sends them. The workloads name rooms
 * of their own; each distinct room is mapped, in order of first use, to the next draft the
 * server prepared, so that workload A uses one draft and workload B one per document.
 */
export function accordDraftClients(
  baseUrl: string,
  context: DraftContext,
  { overwrite }: { overwrite: boolean },
): ClientFactory {
  const draftOf = new Map<string, DraftContext['drafts'][number]>()
  return (room, onRemoteEdit): BenchClient => {
    let draft = draftOf.get(room)
    if (!draft) {
      draft = context.drafts[draftOf.size]
      if (!draft) throw new Error(`the server prepared ${context.drafts.length} drafts, too few`)
      draftOf.set(room, draft)
    }
    const doc = new Y.Doc()
    observeRemoteDraftEdits(doc, onRemoteEdit)
    const editor = new DraftEditor(doc, draft.editable, overwrite)
    const provider = new WebsocketProvider(baseUrl, draft.name, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      params: { token: context.token, editor: String(context.editorVersion) },
    })
    const closes = new CloseTally()
    provider.on('connection-close', (event) => closes.record(event?.code))
    const ready = new Promise<void>((resolve) => {
      if (provider.synced) resolve()
      else provider.once('sync', () => resolve())
    })
    return {
      ready,
      edit: (key, id, madeAt) => editor.edit(key, id, madeAt),
      unexpectedCloses: closes.counts,
      destroy() {
        closes.destroyed()
        provider.destroy()
        doc.destroy()
      },
    }
  }
}
