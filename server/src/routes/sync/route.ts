import type { IncomingMessage } from 'node:http'
import { CloseCode, documentNameFromPath } from '@accord/protocol'
import type { UpgradeWebSocket, WSContext } from 'hono/ws'
import type { WebSocket } from 'ws'
import type { ConnectionHandle, Relay } from '../../sync/Relay.js'
import type { RelaySocket } from '../../sync/RelaySocket.js'

/** Wraps a `ws` socket in the relay's transport interface. */
export function relaySocket(ws: WebSocket): RelaySocket {
  return {
    send: (message) => ws.send(message, { binary: true }),
    close: (code, reason) => ws.close(code, reason),
    terminate: () => ws.terminate(),
    ping: () => ws.ping(),
    get bufferedAmount() {
      return ws.bufferedAmount
    },
  }
}

/**
 * The raw request target, exactly as the client sent it. The URL that Hono sees has been
 * parsed, which resolves `..` segments; the relay must judge the name as sent.
 */
function rawPath(incoming: IncomingMessage | undefined, fallback: string): string {
  const target = incoming?.url ?? fallback
  const query = target.indexOf('?')
  return query === -1 ? target : target.slice(0, query)
}

/** The WebSocket endpoint at /sync/<document name>: it only forwards to the relay core. */
export function syncRoute(relay: Relay, upgradeWebSocket: UpgradeWebSocket<WebSocket>) {
  return upgradeWebSocket((c) => {
    const env = c.env as { incoming?: IncomingMessage } | undefined
    const documentName = documentNameFromPath(rawPath(env?.incoming, c.req.path)) ?? ''
    const request = c.req.raw
    let handle: ConnectionHandle | null = null
    return {
      onOpen(_event, ws: WSContext<WebSocket>) {
        const socket = ws.raw!
        handle = relay.handleConnection(relaySocket(socket), request, documentName)
        socket.on('pong', () => handle?.pong())
        // ws refuses a frame over maxPayload with 1009, then stops reading, so the close event
        // that follows says 1006; report the real reason. (Not through Hono's onError: the
        // adapter builds an ErrorEvent, which Node 20 does not have.)
        socket.on('error', (error: Error & { code?: string }) => {
          if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH')
            handle?.closed(CloseCode.MessageTooBig)
        })
      },
      onMessage(event) {
        const data = event.data
        handle?.receive(typeof data === 'string' ? data : new Uint8Array(data as ArrayBuffer))
      },
      onClose(event) {
        handle?.closed(event.code)
      },
    }
  })
}
