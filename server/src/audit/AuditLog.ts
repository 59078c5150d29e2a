import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'

/** One audit entry. `detail` must never hold a secret (token, password, invitation link). */
export interface AuditEntry {
  readonly actorUserId: string | null
  readonly action: string
  readonly outcome: 'ok' | 'denied' | 'failed'
  readonly conferenceId?: string | null
  readonly target?: string | null
  readonly detail?: Record<string, unknown>
}

/**
 * The append-only audit log: who did what, when, and whether it was allowed. Nothing in Accord
 * updates or deletes its rows.
 */
export class AuditLog {
  constructor(readonly db: Kysely<Database>) {}

  /** Appends one entry. */
  async record(entry: AuditEntry, now = Date.now()): Promise<void> {
    await this.db
      .insertInto('audit_log')
      .values({
        at: now,
        actor_user_id: entry.actorUserId,
        action: entry.action,
        outcome: entry.outcome,
        conference_id: entry.conferenceId ?? null,
        target: entry.target ?? null,
        detail: JSON.stringify(entry.detail ?? {}),
      })
      .execute()
  }

  /** Entries, newest first, optionally of one conference. */
  async list({
    conferenceId,
    before,
    limit = 100,
  }: {
    conferenceId?: string
    before?: number
    limit?: number
  } = {}) {
    let query = this.db.selectFrom('audit_log').selectAll().orderBy('id', 'desc').limit(limit)
    if (conferenceId) query = query.where('conference_id', '=', conferenceId)
    // Paging backwards: the entries older than the last one of the previous page.
    if (before !== undefined) query = query.where('id', '<', before)
    const rows = await query.execute()
    return rows.map((row) => ({
      ...row,
      at: Number(row.at),
      detail: JSON.parse(row.detail) as Record<string, unknown>,
    }))
  }
}
