import type { Kysely } from 'kysely'
import type { AuditLog } from './audit/AuditLog.js'
import type { LoginThrottle } from './auth/LoginThrottle.js'
import type { Session, SessionStore } from './auth/sessions.js'
import type { Database } from './db/schema.js'
import type { Accounts, User } from './directory/Accounts.js'
import type { Conferences } from './directory/Conferences.js'
import type { Negotiation } from './negotiation/Negotiation.js'
import type { Outcomes } from './outcomes/Outcomes.js'
import type { Relay } from './sync/Relay.js'

/** What the routes work with. */
export interface Services {
  readonly db: Kysely<Database>
  readonly accounts: Accounts
  readonly sessions: SessionStore
  readonly conferences: Conferences
  readonly audit: AuditLog
  readonly throttle: LoginThrottle
  readonly relay: Relay
  readonly negotiation: Negotiation
  /** History, revisions, silence, adoption and publication (#10). */
  readonly outcomes: Outcomes
  /** Origins allowed to call the API from a browser and to open the relay. */
  readonly allowedOrigins: readonly string[]
  /** Whether cookies get the Secure attribute (the server is reached over https). */
  readonly secureCookies: boolean
}

/** Hono's environment for every API route. */
export interface AppEnv {
  Variables: {
    services: Services
    /** The signed-in user, once `sessionAuth` ran; null when anonymous. */
    user: User | null
    session: Session | null
  }
}
