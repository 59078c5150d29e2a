import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { BenchClient, ClientFactory } from './BenchClient.js'
import { CloseTally } from './CloseTally.js'
import { observeRemoteEdits, writeEdit } from './yjsEdits.js'

/**
 * Clients for servers that speak the y-websocket protocol (Accord, @y/websocket-server): the
 * stock `WebsocketProvider`, BroadcastChannel off so that every update goes through the server.
 */
export function yWebsocketClients(baseUrl: string): ClientFactory {
  return (room, onRemoteEdit): BenchClient => {
    const doc = new Y.Doc()
    observeRemoteEdits(doc, onRemoteEdit)
    const provider = new WebsocketProvider(baseUrl, room, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    })
    const closes = new CloseTally()
    provider.on('connection-close', (event) => closes.record(event?.code))
    const ready = new Promise<void>((resolve) => {
      if (provider.synced) resolve()
      else provider.once('sync', () => resolve())
    })
    return {
      ready,
      edit: (key, id, madeAt) => writeEdit(doc, key, id, madeAt),
      unexpectedCloses: closes.counts,
      destroy() {
        closes.destroyed()
        provider.destroy()
        doc.destroy()
      },
    }
  }
}
