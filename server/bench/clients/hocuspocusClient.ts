import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as Y from 'yjs'
import type { BenchClient, ClientFactory } from './BenchClient.js'
import { CloseTally } from './CloseTally.js'
import { observeRemoteEdits, writeEdit } from './yjsEdits.js'

/**
 * Clients for Hocuspocus: its own provider, which speaks Hocuspocus's variant of the protocol
 * (every message carries the document name). Each provider gets its own socket, as each
 * WebsocketProvider does, so connection counts match across servers. The socket is created
 * explicitly because the provider's option type does not declare `WebSocketPolyfill`, although
 * `new HocuspocusProvider({ url, ... })` would pass it through to the same constructor.
 */
export function hocuspocusClients(url: string): ClientFactory {
  return (room, onRemoteEdit): BenchClient => {
    const doc = new Y.Doc()
    observeRemoteEdits(doc, onRemoteEdit)
    const closes = new CloseTally()
    let resolveReady = () => {}
    const ready = new Promise<void>((resolve) => {
      resolveReady = resolve
    })
    const socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: WebSocket })
    const provider = new HocuspocusProvider({
      websocketProvider: socket,
      name: room,
      document: doc,
      onSynced: () => resolveReady(),
      onClose: ({ event }) => closes.record(event.code),
    })
    // A provider on a socket it was given does not attach by itself.
    provider.attach()
    return {
      ready,
      edit: (key, id, madeAt) => writeEdit(doc, key, id, madeAt),
      unexpectedCloses: closes.counts,
      destroy() {
        closes.destroyed()
        provider.destroy()
        socket.destroy()
        doc.destroy()
      },
    }
  }
}
