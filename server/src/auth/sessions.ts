import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import { hashesEqual, hashSecret, newSecret, randomString } from './secrets.js'

/** Session lifetimes, in milliseconds. */
export interface SessionPolicy {
  /** A session unused for this long expires. */
  readonly idleTimeoutMs: number
  /** No session outlives this, however active. */
  readonly absoluteLifetimeMs: number
  /** `last_active_at` is written at most this often. */
  readonly refreshIntervalMs: number
}

const HOUR = 60 * 60 * 1000

/** A negotiating day can run past midnight; a session survives a night, not a weekend. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = {
  idleTimeoutMs: 24 * HOUR,
  absoluteLifetimeMs: 14 * 24 * HOUR,
  refreshIntervalMs: HOUR,
}

/** A validated session. */
export interface Session {
  readonly id: string
  readonly userId: string
  readonly createdAt: number
  readonly lastActiveAt: number
}

/**
 * Sessions as the Lucia project teaches them now: the token is `id.secret`, the id has 100
 * random bits and is the lookup key, the secret is 32 random bytes of which only the SHA-256 is
 * stored and compared in constant time. A stolen database therefore holds no usable token.
 */
export class SessionStore {
  constructor(
    readonly db: Kysely<Database>,
    readonly policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ) {}

  /** Creates a session and returns its token, which is shown to the client once and never stored. */
  async create(
    userId: string,
    kind: 'cookie' | 'bearer',
    now = Date.now(),
  ): Promise<{ token: string; session: Session }> {
    const id = randomString(20)
    const secret = newSecret()
    await this.db
      .insertInto('session')
      .values({
        id,
        user_id: userId,
        secret_hash: hashSecret(secret),
        created_at: now,
        last_active_at: now,
        kind,
      })
      .execute()
    return { token: `${id}.${secret}`, session: { id, userId, createdAt: now, lastActiveAt: now } }
  }

  /** The session a token belongs to, or null if the token is malformed, unknown, wrong or expired. */
  async validate(token: string, now = Date.now()): Promise<Session | null> {
    const dot = token.indexOf('.')
    if (dot <= 0 || dot !== token.lastIndexOf('.') || token.length > 200) return null
    const id = token.slice(0, dot)
    const secret = token.slice(dot + 1)
    const row = await this.db
      .selectFrom('session')
      .select(['id', 'user_id', 'secret_hash', 'created_at', 'last_active_at'])
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) return null
    if (!hashesEqual(hashSecret(secret), new Uint8Array(row.secret_hash))) return null
    const createdAt = Number(row.created_at)
    let lastActiveAt = Number(row.last_active_at)
    if (
      now - lastActiveAt >= this.policy.idleTimeoutMs ||
      now - createdAt >= this.policy.absoluteLifetimeMs
    ) {
      await this.db.deleteFrom('session').where('id', '=', id).execute()
      return null
    }
    if (now - lastActiveAt >= this.policy.refreshIntervalMs) {
      lastActiveAt = now
      await this.db
        .updateTable('session')
        .set({ last_active_at: now })
        .where('id', '=', id)
        .execute()
    }
    return { id, userId: row.user_id, createdAt, lastActiveAt }
  }

  /** Ends one session. */
  async invalidate(sessionId: string): Promise<void> {
    await this.db.deleteFrom('session').where('id', '=', sessionId).execute()
  }

  /** Ends every session of a user (sign-out everywhere, password change). Returns how many. */
  async invalidateAll(userId: string): Promise<number> {
    const result = await this.db
      .deleteFrom('session')
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return Number(result.numDeletedRows)
  }

  /** The sessions of a user, or of everyone, newest first; never a secret. */
  async list(userId?: string) {
    let query = this.db
      .selectFrom('session')
      .innerJoin('user', 'user.id', 'session.user_id')
      .select([
        'session.id',
        'session.user_id',
        'user.email',
        'session.kind',
        'session.created_at',
        'session.last_active_at',
      ])
      .orderBy('session.created_at', 'desc')
    if (userId) query = query.where('session.user_id', '=', userId)
    return query.execute()
  }
}
