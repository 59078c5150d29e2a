import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import { createApp } from './app.js'
import { AuditLog } from './audit/AuditLog.js'
import { LoginThrottle } from './auth/LoginThrottle.js'
import { SessionStore } from './auth/sessions.js'
import type { Config } from './config.js'
import { openDatabase } from './db/openDatabase.js'
import type { Database } from './db/schema.js'
import { Accounts } from './directory/Accounts.js'
import { Conferences } from './directory/Conferences.js'
import { ClientBindings } from './negotiation/ClientBindings.js'
import { draftRules } from './negotiation/draftRules.js'
import { Negotiation } from './negotiation/Negotiation.js'
import { ProposalOwners } from './negotiation/ProposalOwners.js'
import { Outcomes } from './outcomes/Outcomes.js'
import { SigningKey } from './publication/SigningKey.js'
import { relayAccess } from './relayAccess.js'
import type { Services } from './services.js'
import type { DocumentStore } from './storage/DocumentStore.js'
import { SqliteDocumentStore } from './storage/SqliteDocumentStore.js'
import { Relay } from './sync/Relay.js'
import type { Authorize } from './sync/RelaySocket.js'

/** How often live relay connections are checked against their sessions and memberships. */
const SESSION_RECHECK_MS = 5 * 60 * 1000

/** Options of a running server; tests pass their own store or access hook. */
export interface StartOptions {
  readonly config: Config
  readonly log: Logger
  readonly store?: DocumentStore
  /** Replaces the access policy of the relay (tests of relay mechanics only). */
  readonly authorize?: Authorize
}

/** A started server. */
export interface RunningServer {
  readonly port: number
  /** `http://host:port` */
  readonly url: string
  readonly relay: Relay
  readonly store: DocumentStore
  readonly services: Services
  /** Closes connections with a retryable code, drains queued work, and closes the stores. */
  close(): Promise<void>
}

/** Opens the databases and builds the services the routes use. */
export async function openServices(
  config: Config,
  log: Logger,
  options: Pick<StartOptions, 'store' | 'authorize'> = {},
) {
  const db: Kysely<Database> = await openDatabase(join(config.dataDir, 'accord.db'))
  const sessions = new SessionStore(db)
  const base = {
    db,
    sessions,
    accounts: new Accounts(db, sessions),
    conferences: new Conferences(db),
    audit: new AuditLog(db),
    throttle: new LoginThrottle(),
    allowedOrigins: config.allowedOrigins,
    secureCookies: config.secureCookies,
  }
  const store =
    options.store ??
    new SqliteDocumentStore({
      path: join(config.dataDir, 'documents.db'),
      synchronous: config.sqliteSynchronous,
    })
  let negotiation: Negotiation | null = null
  // Who first wrote under each client id of each draft, loaded before any connection is judged.
  const bindings = new ClientBindings(db, log)
  await bindings.load()
  const owners = new ProposalOwners(db, log)
  await owners.load()
  const rules = draftRules({
    negotiation: () => negotiation!,
    conferences: base.conferences,
    audit: base.audit,
    log,
    bindings,
    owners,
  })
  const relay = new Relay({
    rules,
    store,
    log,
    authorize: options.authorize ?? relayAccess(base),
    limits: config.limits,
  })
  negotiation = new Negotiation(db, base.conferences, relay, base.audit)
  // Decisions a crash left half done (recorded, draft not yet changed) are carried out first.
  await negotiation.reconcileDecisions()
  const key = await SigningKey.open(config.dataDir)
  const outcomes = new Outcomes({ ...base, relay, negotiation, key, log })
  negotiation.onStatusChange = (d, actorUserId, change) =>
    outcomes.history.record(d, actorUserId, change)
  const services: Services = { ...base, relay, negotiation, outcomes }
  return { services, store }
}

/** Starts the HTTP server and the relay. Resolves once it listens. */
export async function startServer({
  config,
  log,
  store,
  authorize,
}: StartOptions): Promise<RunningServer> {
  const opened = await openServices(config, log, { store, authorize })
  const { services } = opened
  const { relay } = services
  const { app, injectWebSocket, wss } = createApp({ services, log, webDir: config.webDir })
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, () =>
      resolve(s),
    )
    s.once('error', reject)
  })
  injectWebSocket(server)
  await services.outcomes.start() // #10: silence deadlines, also those passed while stopped
  // Sessions expire and can be revoked from another process (the operator's CLI); live relay
  // connections are re-checked periodically so that neither outlives its session for long. The
  // check also refreshes the session of a user who only edits and makes no REST call.
  const recheck = setInterval(() => {
    relay
      .revalidate(() => true)
      .catch((error: unknown) => log.error({ err: error }, 'periodic revalidation failed'))
  }, SESSION_RECHECK_MS)
  recheck.unref()
  const { port } = server.address() as AddressInfo
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  let closing: Promise<void> | null = null
  return {
    port,
    url: `http://${host}:${port}`,
    relay,
    store: opened.store,
    services,
    close() {
      closing ??= (async () => {
        clearInterval(recheck)
        await services.outcomes.stop()
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()))
        await relay.close()
        for (const client of wss.clients) client.terminate()
        if ('closeAllConnections' in server) server.closeAllConnections()
        await stopped
        await opened.store.close()
        await services.db.destroy()
      })()
      return closing
    },
  }
}
