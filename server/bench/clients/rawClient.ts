import WebSocket from 'ws'
import type { BenchClient, ClientFactory } from './BenchClient.js'
import { CloseTally } from './CloseTally.js'

/** Bytes the raw payload needs: the edit id (uint32) and its timestamp (float64). */
export const RAW_HEADER_BYTES = 12

/**
 * Clients for the raw broadcast server: each edit is one binary frame of `payloadBytes` (the
 * size of the y-websocket message for the same edit), holding the id and timestamp up front.
 * Receivers read those two numbers and nothing else: the floor of what any client must do.
 */
export function rawClients(baseUrl: string, payloadBytes: number): ClientFactory {
  const size = Math.max(RAW_HEADER_BYTES, payloadBytes)
  return (room, onRemoteEdit): BenchClient => {
    const socket = new WebSocket(`${baseUrl}/${room}`)
    const closes = new CloseTally()
    const ready = new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve())
      socket.once('error', reject)
    })
    socket.on('message', (data) => {
      // The default binaryType is 'nodebuffer': one Buffer per frame.
      if (Buffer.isBuffer(data)) onRemoteEdit(data.readUInt32LE(0), data.readDoubleLE(4))
    })
    socket.on('close', (code) => closes.record(code))
    // Errors surface as closes; without a listener, ws would rethrow them.
    socket.on('error', () => {})
    return {
      ready,
      edit(_key, id, madeAt) {
        const frame = Buffer.alloc(size)
        frame.writeUInt32LE(id, 0)
        frame.writeDoubleLE(madeAt, 4)
        socket.send(frame)
      },
      unexpectedCloses: closes.counts,
      destroy() {
        closes.destroyed()
        socket.terminate()
      },
    }
  }
}
