import type { Kysely } from 'kysely'
import type { AuditLog } from '../audit/AuditLog.js'
import { newId } from '../auth/secrets.js'
import type { Database } from '../db/schema.js'
import type { Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { Relay } from '../sync/Relay.js'
import type { AgreedHistory } from './AgreedHistory.js'
import {
  compareRevisions,
  type ParagraphComparison,
  type RevisionParagraph,
} from './compareRevisions.js'
import { currentText } from './currentText.js'
import { KeyedQueue } from './KeyedQueue.js'

/** A revision as the API shows it. */
export interface Revision {
  id: string
  number: number
  name: string
  createdAt: number
  createdBy: string
  /** The agreed-text history's head when it was issued: what it cites. */
  historyHead: string | null
  historyLength: number
  paragraphs: RevisionParagraph[]
}

/** The default name of revision `n`: the zero draft, then Rev.1, Rev.2, … */
export function revisionName(n: number): string {
  return n === 0 ? 'Zero draft' : `Rev.${n}`
}

/**
 * Named, immutable snapshots of a declaration's text (brackets included) and statuses, each
 * citing the agreed-text history's head; and the comparison of any two, or of one with the
 * current text.
 */
export class Revisions {
  readonly #queue = new KeyedQueue()

  constructor(
    readonly db: Kysely<Database>,
    readonly relay: Relay,
    readonly history: AgreedHistory,
    readonly audit: AuditLog,
  ) {}

  /** Issues the next revision. Numbers are consecutive per declaration, even when two requests race. */
  issue(d: Declaration, actorUserId: string, name?: string): Promise<Revision> {
    return this.#queue.run(d.id, async () => {
      const { head, length } = await this.history.verifiedHead(d.id)
      const paragraphs = await currentText(this.db, this.relay, d)
      const last = await this.db
        .selectFrom('revision')
        .select((eb) => eb.fn.max('number').as('n'))
        .where('declaration_id', '=', d.id)
        .executeTakeFirst()
      const number = last?.n === null || last?.n === undefined ? 0 : Number(last.n) + 1
      const revision = {
        id: newId(),
        number,
        name: name ?? revisionName(number),
        createdAt: Date.now(),
        createdBy: actorUserId,
        historyHead: head,
        historyLength: length,
        paragraphs,
      }
      await this.db
        .insertInto('revision')
        .values({
          id: revision.id,
          declaration_id: d.id,
          number,
          name: revision.name,
          created_by: actorUserId,
          created_at: revision.createdAt,
          history_head: head,
          history_length: length,
          snapshot: JSON.stringify(paragraphs),
        })
        .execute()
      await this.audit.record({
        actorUserId,
        action: 'revision.issue',
        outcome: 'ok',
        conferenceId: d.conferenceId,
        target: revision.id,
        detail: { declarationId: d.id, number, name: revision.name, historyHead: head },
      })
      return revision
    })
  }

  /** Every revision of a declaration, oldest first. */
  async list(d: Declaration): Promise<Revision[]> {
    const rows = await this.db
      .selectFrom('revision')
      .innerJoin('user', 'user.id', 'revision.created_by')
      .selectAll('revision')
      .select('user.name as author')
      .where('declaration_id', '=', d.id)
      .orderBy('number')
      .execute()
    return rows.map((row) => ({
      id: row.id,
      number: Number(row.number),
      name: row.name,
      createdAt: Number(row.created_at),
      createdBy: row.author,
      historyHead: row.history_head,
      historyLength: Number(row.history_length),
      paragraphs: JSON.parse(row.snapshot) as RevisionParagraph[],
    }))
  }

  /** One revision, or 404. */
  async get(d: Declaration, revisionId: string): Promise<Revision> {
    const found = (await this.list(d)).find((r) => r.id === revisionId)
    if (!found) throw new ApiError('not_found', 'no such revision')
    return found
  }

  /** Compares revision `from` with revision `to`, or with the current text when `to` is 'current'. */
  async compare(
    d: Declaration,
    fromId: string,
    toId: string,
  ): Promise<{
    from: { id: string; name: string }
    to: { id: string; name: string }
    paragraphs: ParagraphComparison[]
  }> {
    const from = await this.get(d, fromId)
    const to =
      toId === 'current'
        ? {
            id: 'current',
            name: 'Current text',
            paragraphs: await currentText(this.db, this.relay, d),
          }
        : await this.get(d, toId)
    return {
      from: { id: from.id, name: from.name },
      to: { id: to.id, name: to.name },
      paragraphs: compareRevisions(from.paragraphs, to.paragraphs),
    }
  }
}
