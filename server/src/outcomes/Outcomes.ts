import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AuditLog } from '../audit/AuditLog.js'
import type { Database } from '../db/schema.js'
import type { Conferences } from '../directory/Conferences.js'
import type { Negotiation } from '../negotiation/Negotiation.js'
import type { Relay } from '../sync/Relay.js'
import { AgreedHistory } from './AgreedHistory.js'
import { Revisions } from './Revisions.js'

/** What the outcome services need. */
export interface OutcomesOptions {
  readonly db: Kysely<Database>
  readonly relay: Relay
  readonly conferences: Conferences
  readonly audit: AuditLog
  readonly negotiation: Negotiation
  readonly log: Logger
  /** Where the signing key lives. */
  readonly dataDir: string
}

/**
 * How a negotiation ends (issue #10): the agreed-text history, revisions, the silence
 * procedure, adoption, chair's summaries and signed publications.
 */
export class Outcomes {
  readonly history: AgreedHistory
  readonly revisions: Revisions

  constructor(readonly options: OutcomesOptions) {
    this.history = new AgreedHistory(options.db, options.relay)
    this.revisions = new Revisions(options.db, options.relay, this.history, options.audit)
  }
}
