import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AuditLog } from '../audit/AuditLog.js'
import type { Database } from '../db/schema.js'
import type { Conferences } from '../directory/Conferences.js'
import type { Negotiation } from '../negotiation/Negotiation.js'
import { Publications } from '../publication/Publications.js'
import type { SigningKey } from '../publication/SigningKey.js'
import type { Relay } from '../sync/Relay.js'
import { Adoption } from './Adoption.js'
import { AgreedHistory } from './AgreedHistory.js'
import { ChairSummary } from './ChairSummary.js'
import { KeyedQueue } from './KeyedQueue.js'
import { Revisions } from './Revisions.js'
import { SilenceProcedure } from './SilenceProcedure.js'

/** What the outcome services need. */
export interface OutcomesOptions {
  readonly db: Kysely<Database>
  readonly relay: Relay
  readonly conferences: Conferences
  readonly audit: AuditLog
  readonly negotiation: Negotiation
  readonly log: Logger
  /** The server's signing key (SigningKey.open on the data directory). */
  readonly key: SigningKey
}

/**
 * How a negotiation ends (issue #10): the agreed-text history, revisions, the silence
 * procedure, adoption, chair's summaries and signed publications.
 */
export class Outcomes {
  readonly history: AgreedHistory
  readonly revisions: Revisions
  readonly publications: Publications
  readonly adoption: Adoption
  readonly silence: SilenceProcedure
  readonly chairSummary: ChairSummary
  readonly key: SigningKey

  constructor(readonly options: OutcomesOptions) {
    const { db, relay, conferences, audit, log, key } = options
    // One queue per declaration for every act that changes its stage: a break of silence, the
    // deadline and an adoption never interleave.
    const acts = new KeyedQueue()
    this.key = key
    this.history = new AgreedHistory(db, relay)
    this.revisions = new Revisions(db, relay, this.history, audit)
    this.publications = new Publications(db, conferences, this.history, key)
    this.adoption = new Adoption(db, relay, conferences, this.publications, audit, acts)
    this.silence = new SilenceProcedure(db, relay, conferences, this.adoption, audit, log, acts)
    this.chairSummary = new ChairSummary(
      db,
      relay,
      conferences,
      this.publications,
      this.silence,
      audit,
      acts,
    )
  }

  /** Re-arms running silence procedures (deadlines passed while stopped are acted on now). */
  start(): Promise<void> {
    return this.silence.resume()
  }

  /** Stops timers and waits for acts in progress. */
  stop(): Promise<void> {
    return this.silence.stop()
  }
}
