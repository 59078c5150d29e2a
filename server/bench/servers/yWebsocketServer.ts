// The reference y-websocket backend, wired exactly as its own src/server.js wires it (a
// noServer ws server behind a plain HTTP server), in memory and without persistence.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { docs, setupWSConnection } from '@y/websocket-server/utils'
import { WebSocketServer } from 'ws'
import { announce } from './ipc.js'

const wss = new WebSocketServer({ noServer: true })
wss.on('connection', setupWSConnection)
const server = createServer((_request, response) => {
  response.writeHead(200, { 'Content-Type': 'text/plain' })
  response.end('okay')
})
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request))
})
server.listen(0, '127.0.0.1', () => {
  announce((server.address() as AddressInfo).port, {
    // Without persistence, @y/websocket-server never drops a document from `docs`.
    stats: () => ({ loadedDocuments: docs.size, openConnections: wss.clients.size }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate()
        server.close(() => resolve())
      }),
  })
})
