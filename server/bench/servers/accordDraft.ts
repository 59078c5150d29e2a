// Accord on the real path, for the bench: the real server with its real access hook and draft
// rules, on a data directory that seedDrafts.ts prepared in a process of its own (the demo
// conference, the workload's drafts, the secretariat's session). It reports the session and the
// drafts' canonical names over IPC.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import pino from 'pino'
import { loadConfig } from '../../src/config.js'
import { createLogger } from '../../src/logger.js'
import { startServer } from '../../src/server.js'
import { announce, DRAFTS_FILE, type DraftContext } from './ipc.js'

const config = loadConfig(process.env)
const log = createLogger(config.logLevel, pino.destination(2))
const context = JSON.parse(readFileSync(join(config.dataDir, DRAFTS_FILE), 'utf8')) as DraftContext
const server = await startServer({ config, log })
const { relay } = server
announce(server.port, {
  stats: () => {
    const detail = relay.stats()
    return {
      loadedDocuments: relay.loadedDocuments().length,
      openConnections: detail.open,
      detail,
    }
  },
  // As in accord.ts: the data directory is this child's alone.
  close: async () => {
    await server.close()
    rmSync(config.dataDir, { recursive: true, force: true })
  },
  drafts: context,
})
