import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Database } from '../db/schema.js'

/**
 * Attribution by authorship: each Yjs client id in a draft belongs to the user who first wrote
 * under it, durably (table `draft_client`), so that nobody can write under another's id, across
 * reconnects and restarts. A client id is never identity on its own: it is bound to the session's
 * user, and only that user may write more under it. The rules judge synchronously, so bindings
 * are held in memory (loaded on start) and written through to the database.
 */
export class ClientBindings {
  readonly #byDocument = new Map<string, Map<number, string>>()

  constructor(
    readonly db: Kysely<Database>,
    readonly log: Logger,
  ) {}

  /** Loads every binding; call once before the relay accepts connections. */
  async load(): Promise<void> {
    for (const row of await this.db.selectFrom('draft_client').selectAll().execute()) {
      this.#map(row.document).set(Number(row.client_id), row.user_id)
    }
  }

  #map(document: string): Map<number, string> {
    const map = this.#byDocument.get(document) ?? new Map<number, string>()
    this.#byDocument.set(document, map)
    return map
  }

  /** The first of `clientIds` that another user holds in `document`, or null. */
  conflict(document: string, clientIds: Iterable<number>, userId: string): number | null {
    const map = this.#byDocument.get(document)
    if (!map) return null
    for (const id of clientIds) {
      const holder = map.get(id)
      if (holder !== undefined && holder !== userId) return id
    }
    return null
  }

  /** Binds the client ids not bound yet to `userId`, in memory at once and durably soon after. */
  bind(document: string, clientIds: Iterable<number>, userId: string): void {
    const map = this.#map(document)
    const now = Date.now()
    const fresh = [...clientIds].filter((id) => !map.has(id))
    if (fresh.length === 0) return
    for (const id of fresh) map.set(id, userId)
    this.db
      .insertInto('draft_client')
      .values(fresh.map((id) => ({ document, client_id: id, user_id: userId, first_seen_at: now })))
      .onConflict((oc) => oc.doNothing())
      .execute()
      .catch((error: unknown) =>
        this.log.error({ err: error }, 'a client id binding was not stored'),
      )
  }
}
