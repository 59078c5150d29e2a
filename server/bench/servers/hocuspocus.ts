// Hocuspocus with no extensions: in memory, like the y-websocket backend. `stopOnSignals` is
// off because `announce` owns shutdown.
import { Server } from '@hocuspocus/server'
import { announce } from './ipc.js'

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false })
await server.listen()
announce(server.address.port, {
  stats: () => ({
    loadedDocuments: server.hocuspocus.getDocumentsCount(),
    openConnections: server.hocuspocus.getConnectionsCount(),
  }),
  close: () => server.destroy(),
})
