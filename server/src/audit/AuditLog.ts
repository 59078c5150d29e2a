import { type Kysely, sql } from 'kysely'
import type { Database } from '../db/schema.js'

/** One audit entry. `detail` must never hold a secret (token, password, invitation link). */
export interface AuditEntry {
  readonly actorUserId: string | null
  readonly action: string
  readonly outcome: 'ok' | 'denied' | 'failed'
  readonly conferenceId?: string | null
  readonly target?: string | null
  /**
   * What else the entry says. `internalTo: <delegation id>` marks an entry about a delegation's
   * internal material (its internal comments): it belongs to that delegation and the operator.
   */
  readonly detail?: Record<string, unknown>
}

/** An entry as read back. */
export interface StoredAuditEntry {
  id: number
  at: number
  actor_user_id: string | null
  action: string
  outcome: string
  conference_id: string | null
  target: string | null
  detail: Record<string, unknown>
  /** The delegation whose internal material the entry is about; null for everything else. */
  internalTo: string | null
}

/**
 * The delegation an entry's internal material belongs to: what the entry says (`internalTo`),
 * or, for entries written before it said so, the delegation of the internal comment it names.
 */
const internalTo = sql<string | null>`coalesce(
  json_extract(audit_log.detail, '$.internalTo'),
  case when audit_log.action like 'comment.%' then (
    select comment.author_delegation_id from comment
    where comment.id = audit_log.target and comment.visibility = 'delegation'
  ) end
)`

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

  /**
   * Entries, newest first, optionally of one conference. `internal`: undefined for every entry,
   * null for those about no delegation's internal material, a delegation id for that
   * delegation's only. (A narrowing for the query; who may read which is `AuditReaders`'.)
   */
  async list({
    conferenceId,
    before,
    limit = 100,
    internal,
  }: {
    conferenceId?: string
    before?: number
    limit?: number
    internal?: string | null
  } = {}): Promise<StoredAuditEntry[]> {
    let query = this.db
      .selectFrom('audit_log')
      .selectAll('audit_log')
      .select(internalTo.as('internal_to'))
      .orderBy('audit_log.id', 'desc')
      .limit(limit)
    if (conferenceId) query = query.where('audit_log.conference_id', '=', conferenceId)
    // Paging backwards: the entries older than the last one of the previous page.
    if (before !== undefined) query = query.where('audit_log.id', '<', before)
    if (internal === null) query = query.where(internalTo, 'is', null)
    else if (internal !== undefined) query = query.where(internalTo, '=', internal)
    const rows = await query.execute()
    return rows.map(({ internal_to, ...row }) => ({
      ...row,
      id: Number(row.id),
      at: Number(row.at),
      detail: JSON.parse(row.detail) as Record<string, unknown>,
      internalTo: internal_to,
    }))
  }
}
