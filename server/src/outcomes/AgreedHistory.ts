import { readDeclaration } from '@accord/editor'
import {
  canonicalJson,
  type HistoryEntry,
  type HistoryPayload,
  linkHash,
  payloadDigest,
  type VerifyFailure,
  verifyHistory,
} from '@accord/protocol'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { Relay } from '../sync/Relay.js'
import { draftDocument } from './draftDocuments.js'
import { KeyedQueue } from './KeyedQueue.js'

/** A status change to record. */
export interface StatusChange {
  readonly paragraphId: string
  readonly status: string
  readonly pendingDelegationId: string | null
}

/**
 * The append-only agreed-text history of each declaration: every change of a paragraph's
 * status, with the paragraph's text at that moment (brackets included), who made it and when.
 * Entries are hash-chained over canonical JSON (see `verifyHistory` in @accord/protocol, which
 * checks them); the head is kept in its own table so that cutting entries off shows too.
 */
export class AgreedHistory {
  readonly #queue = new KeyedQueue()

  constructor(
    readonly db: Kysely<Database>,
    readonly relay: Relay,
  ) {}

  /** Appends the entry for a status change just stored, reading the paragraph from the draft. */
  record(d: Declaration, actorUserId: string, change: StatusChange, now = Date.now()) {
    return this.#queue.run(d.id, async () => {
      const paragraph = await this.relay.read(draftDocument(d), (doc) =>
        readDeclaration(doc).find((p) => p.id === change.paragraphId),
      )
      if (!paragraph) throw new ApiError('not_found', 'no such paragraph in the draft')
      const [user, pending] = await Promise.all([
        this.db.selectFrom('user').select('name').where('id', '=', actorUserId).executeTakeFirst(),
        change.pendingDelegationId
          ? this.db
              .selectFrom('delegation')
              .select('code')
              .where('id', '=', change.pendingDelegationId)
              .executeTakeFirst()
          : undefined,
      ])
      const payload: HistoryPayload = {
        label: paragraph.label,
        kind: paragraph.kind,
        text: paragraph.text,
        proposals: paragraph.proposals.map((p) => ({
          id: p.id,
          delegation: p.delegation,
          action: p.action,
          alternative: p.alternative,
          text: p.text,
        })),
        pendingDelegation: pending?.code ?? null,
        actor: { userId: actorUserId, name: user?.name ?? '' },
      }
      await this.db.transaction().execute(async (tx) => {
        const head = await tx
          .selectFrom('agreed_history_head')
          .selectAll()
          .where('declaration_id', '=', d.id)
          .executeTakeFirst()
        const link = {
          seq: (head?.seq ?? 0) + 1,
          declarationId: d.id,
          paragraphId: change.paragraphId,
          status: change.status,
          at: now,
          prev: head?.hash ?? null,
          payloadDigest: await payloadDigest(payload),
        }
        const hash = await linkHash(link)
        await tx
          .insertInto('agreed_history')
          .values({
            declaration_id: d.id,
            seq: link.seq,
            paragraph_id: link.paragraphId,
            status: link.status,
            at: link.at,
            prev: link.prev,
            payload_digest: link.payloadDigest,
            hash,
            payload: canonicalJson(payload),
          })
          .execute()
        if (head) {
          await tx
            .updateTable('agreed_history_head')
            .set({ seq: link.seq, hash })
            .where('declaration_id', '=', d.id)
            .execute()
        } else {
          await tx
            .insertInto('agreed_history_head')
            .values({ declaration_id: d.id, seq: link.seq, hash })
            .execute()
        }
      })
    })
  }

  /** Every entry of a declaration, in order. */
  async entries(declarationId: string): Promise<HistoryEntry[]> {
    const rows = await this.db
      .selectFrom('agreed_history')
      .selectAll()
      .where('declaration_id', '=', declarationId)
      .orderBy('seq')
      .execute()
    return rows.map((row) => ({
      seq: Number(row.seq),
      declarationId: row.declaration_id,
      paragraphId: row.paragraph_id,
      status: row.status,
      at: Number(row.at),
      prev: row.prev,
      payloadDigest: row.payload_digest,
      hash: row.hash,
      payload: JSON.parse(row.payload) as HistoryPayload,
    }))
  }

  /** The kept head: the last entry's hash and sequence number (null and 0 when empty). */
  async head(declarationId: string): Promise<{ hash: string | null; length: number }> {
    const row = await this.db
      .selectFrom('agreed_history_head')
      .selectAll()
      .where('declaration_id', '=', declarationId)
      .executeTakeFirst()
    return { hash: row?.hash ?? null, length: row ? Number(row.seq) : 0 }
  }

  /**
   * Verifies the stored chain with the shared verifier, and that it ends at the kept head.
   * Everything that cites the history (revisions, publications) calls this first.
   */
  async verify(
    declarationId: string,
  ): Promise<{ ok: true; head: string | null; length: number } | VerifyFailure> {
    const result = await verifyHistory(await this.entries(declarationId), declarationId)
    if (!result.ok) return result
    const head = await this.head(declarationId)
    if (head.hash !== result.head || head.length !== result.length) {
      return {
        ok: false,
        code: 'history_head',
        message: 'the stored history does not end at its kept head (entries removed or added)',
      }
    }
    return result
  }

  /** The verified head, or a conflict naming what is wrong: nothing is cited from a broken chain. */
  async verifiedHead(declarationId: string): Promise<{ head: string | null; length: number }> {
    const result = await this.verify(declarationId)
    if (!result.ok) {
      throw new ApiError(
        'conflict',
        `the agreed-text history fails verification: ${result.code}: ${result.message}`,
      )
    }
    return result
  }
}
