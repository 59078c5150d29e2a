// Accord, started as src/run.ts starts it (configuration from the environment) but on a port the
// OS picks, reporting it over IPC. The access hook lets every client write, as in the relay-
// mechanics tests (test/fixtures/openRelayServer.ts): the bench measures the relay, and the real
// policy (session, membership and stage lookups) runs once per connection, not per update.
import { rmSync } from 'node:fs'
import pino from 'pino'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { startServer } from '../../src/server.js'
import { announce } from './ipc.js'

const config = loadConfig(process.env)
// Logs go to stderr: stdout is free, and the parent keeps the tail of both for the report.
const log = createLogger(config.logLevel, pino.destination(2))
const server = await startServer({ config, log, authorize: () => 'write' })
announce(server.port, {
  stats: () => {
    const detail = server.relay.stats()
    return {
      loadedDocuments: server.relay.loadedDocuments().length,
      openConnections: detail.open,
      detail,
    }
  },
  // The data directory is this child's alone (the bench made it for this run). The parent removes
  // it too; removing it here covers a parent that was killed outright.
  close: async () => {
    await server.close()
    rmSync(config.dataDir, { recursive: true, force: true })
  },
})
