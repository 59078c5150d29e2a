import { yjsEditMessageBytes } from '../payload.js'
import type { ServerProcess } from '../ServerProcess.js'
import { accordDraftClients } from './accordDraftClient.js'
import type { ClientFactory } from './BenchClient.js'
import { hocuspocusClients } from './hocuspocusClient.js'
import { rawClients } from './rawClient.js'
import { yWebsocketClients } from './yWebsocketClient.js'

/** The client factory for a running server. Only 127.0.0.1 is ever dialled. */
export function clientsFor(
  server: ServerProcess,
  { overwrite }: { overwrite: boolean },
): ClientFactory {
  const base = `ws://127.0.0.1:${server.port}${server.target.pathPrefix}`
  switch (server.target.protocol) {
    case 'y-websocket':
      return yWebsocketClients(base)
    case 'accord-draft': {
      if (!server.drafts) throw new Error(`${server.target.name} announced no drafts`)
      return accordDraftClients(base, server.drafts, { overwrite })
    }
    case 'hocuspocus':
      return hocuspocusClients(base)
    case 'raw':
      return rawClients(base, yjsEditMessageBytes(overwrite))
  }
}
