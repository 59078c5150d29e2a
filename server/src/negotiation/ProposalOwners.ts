import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { Database } from '../db/schema.js'

/**
 * Who made each proposal id of a draft first, durably (table `proposal_owner`): an id stays its
 * delegation's after its bracket left the draft, so a decided or withdrawn id cannot be reused
 * by another delegation to borrow its history. Held in memory (loaded on start) because the
 * rules judge synchronously, and written through to the database.
 */
export class ProposalOwners {
  readonly #byDocument = new Map<string, Map<string, string>>()

  constructor(
    readonly db: Kysely<Database>,
    readonly log: Logger,
  ) {}

  /** Loads every owner; call once before the relay accepts connections. */
  async load(): Promise<void> {
    for (const row of await this.db.selectFrom('proposal_owner').selectAll().execute()) {
      this.#map(row.document).set(row.proposal_id, row.delegation)
    }
  }

  #map(document: string): Map<string, string> {
    const map = this.#byDocument.get(document) ?? new Map<string, string>()
    this.#byDocument.set(document, map)
    return map
  }

  /** The delegation that owns `proposalId` in `document`, if any has yet. */
  ownerOf(document: string, proposalId: string): string | undefined {
    return this.#byDocument.get(document)?.get(proposalId)
  }

  /** Records owners of ids not owned yet, in memory at once and durably soon after. */
  claim(document: string, owners: Iterable<[proposalId: string, delegation: string]>): void {
    const map = this.#map(document)
    const now = Date.now()
    const fresh = [...owners].filter(([id]) => !map.has(id))
    if (fresh.length === 0) return
    for (const [id, delegation] of fresh) map.set(id, delegation)
    this.db
      .insertInto('proposal_owner')
      .values(
        fresh.map(([id, delegation]) => ({
          document,
          proposal_id: id,
          delegation,
          first_seen_at: now,
        })),
      )
      .onConflict((oc) => oc.doNothing())
      .execute()
      .catch((error: unknown) => this.log.error({ err: error }, 'a proposal owner was not stored'))
  }
}
