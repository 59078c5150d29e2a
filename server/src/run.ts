import { ConfigError, loadConfig } from './config.js'
import { seedDemoIfEmpty, signInHint } from './demo/seedDemo.js'
import { seedDemoNegotiation } from './demo/seedDemoNegotiation.js'
import { seedPublishedDeclaration } from './demo/seedPublishedDeclaration.js'
import { createLogger } from './logger.js'
import { type StartOptions, startServer } from './server.js'

/** How long shutdown may take before the process exits anyway. */
const SHUTDOWN_DEADLINE_MS = 4_500

/**
 * Runs the server as a process: configuration from the environment, a JSON log line once it
 * listens, and a graceful stop on SIGTERM and SIGINT. `main.ts` calls it as it is; test fixtures
 * pass overrides (an open access hook for relay-mechanics tests).
 */
export async function runServerProcess(
  overrides: Pick<StartOptions, 'authorize'> = {},
): Promise<void> {
  let config: ReturnType<typeof loadConfig>
  try {
    // pnpm runs package scripts in the package's folder; relative paths mean the caller's folder.
    config = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd())
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`accord: ${error.message}`)
      process.exit(2)
    }
    throw error
  }
  const log = createLogger(config.logLevel)
  const server = await startServer({ config, log, ...overrides })
  log.info({ port: server.port, host: config.host, dataDir: config.dataDir }, 'listening')

  // The demo seed belongs to the process, not to startServer: servers that tests start in-process
  // never seed, and child servers opt out with ACCORD_DEMO=false. A failed seed is logged; the
  // server keeps serving without a demo.
  let seeding: Promise<unknown> = Promise.resolve()
  if (config.demo) {
    // A wildcard address is where the server listens, not where a browser should go.
    const wildcard = config.host === '0.0.0.0' || config.host === '::'
    const appUrl = `${wildcard ? `http://localhost:${server.port}` : server.url}/app`
    // One catch for every step: a failure in a later step must be logged, not left as an
    // unhandled rejection that ends the process.
    seeding = seedDemoIfEmpty(server.services, config.dataDir, log, { appUrl })
      .then(async (seed) => {
        if (!seed) return
        await seedDemoNegotiation(server.services, seed)
        await seedPublishedDeclaration(server.services) // #10: the portal has a text to show
        // Plain text on stderr, for the person at the terminal; stdout stays JSON lines.
        process.stderr.write(signInHint(seed, appUrl))
      })
      .catch((error: unknown) => log.error({ err: error }, 'demo seed failed'))
  }

  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    log.info({ signal }, 'shutting down')
    setTimeout(() => {
      log.error('shutdown deadline passed; exiting')
      process.exit(1)
    }, SHUTDOWN_DEADLINE_MS).unref()
    // Let a seed in progress commit (or roll back) before the database closes under it.
    seeding
      .then(() => server.close())
      .then(
        () => {
          log.info('stopped')
          process.exit(0)
        },
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed')
          process.exit(1)
        },
      )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
}
