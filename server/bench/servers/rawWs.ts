// The physical limit: a `ws` server that relays each frame, byte for byte and unparsed, to
// every other socket on the same path. No Yjs, no storage, no protocol.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { type WebSocket, WebSocketServer } from 'ws'
import { announce } from './ipc.js'

const rooms = new Map<string, Set<WebSocket>>()
const server = createServer()
const wss = new WebSocketServer({ server })
wss.on('connection', (socket, request) => {
  const path = request.url ?? '/'
  let room = rooms.get(path)
  if (!room) {
    room = new Set()
    rooms.set(path, room)
  }
  const peers = room
  peers.add(socket)
  socket.on('message', (data, isBinary) => {
    for (const peer of peers) {
      if (peer !== socket && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary })
    }
  })
  socket.on('close', () => {
    peers.delete(socket)
    if (peers.size === 0) rooms.delete(path)
  })
})
server.listen(0, '127.0.0.1', () => {
  announce((server.address() as AddressInfo).port, {
    stats: () => ({ loadedDocuments: rooms.size, openConnections: wss.clients.size }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        server.close(() => resolve())
      }),
  })
})
