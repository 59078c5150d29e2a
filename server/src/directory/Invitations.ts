import type { Role } from '@accord/protocol'
import type { Kysely } from 'kysely'
import { hashSecret, newId, newSecret } from '../auth/secrets.js'
import type { Database } from '../db/schema.js'
import { ApiError } from '../errors.js'
import type { Conferences } from './Conferences.js'

/** How long an invitation link stays valid unless the secretariat says otherwise. */
export const DEFAULT_INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000

/**
 * Single-use invitations into a conference. The token (`id.secret`) is given once to its
 * creator; only a hash of the secret is stored, and a token is matched on that hash.
 */
export class Invitations {
  constructor(
    readonly db: Kysely<Database>,
    readonly conferences: Pick<Conferences, 'delegation'>,
  ) {}

  /** Creates a single-use invitation; returns its token, which is never stored. */
  async create(
    conferenceId: string,
    input: { role: Role; delegationId: string | null; email: string | null; ttlMs?: number },
    createdBy: string,
    now = Date.now(),
  ): Promise<{ id: string; token: string; expiresAt: number }> {
    if ((input.role === 'delegate') !== (input.delegationId !== null)) {
      throw new ApiError(
        'invalid_request',
        'a delegate belongs to exactly one delegation; other roles to none',
      )
    }
    if (input.delegationId) await this.conferences.delegation(conferenceId, input.delegationId)
    const id = newId()
    const secret = newSecret()
    const expiresAt = now + (input.ttlMs ?? DEFAULT_INVITATION_TTL_MS)
    await this.db
      .insertInto('invitation')
      .values({
        id,
        conference_id: conferenceId,
        token_hash: hashSecret(secret),
        role: input.role,
        delegation_id: input.delegationId,
        email: input.email,
        created_by: createdBy,
        created_at: now,
        expires_at: expiresAt,
        accepted_at: null,
        accepted_by: null,
      })
      .execute()
    return { id, token: `${id}.${secret}`, expiresAt }
  }

  /**
   * Marks an invitation used and returns what it grants. Single use: the update only matches an
   * unused row, so two concurrent acceptances cannot both succeed.
   */
  async claim(token: string, userId: string, now = Date.now()) {
    const row = await this.#invitation(token)
    if (!row) throw new ApiError('not_found', 'no such invitation')
    if (row.accepted_at !== null)
      throw new ApiError('invitation_expired', 'this invitation has been used')
    if (Number(row.expires_at) <= now)
      throw new ApiError('invitation_expired', 'this invitation has expired')
    const claimed = await this.db
      .updateTable('invitation')
      .set({ accepted_at: now, accepted_by: userId })
      .where('id', '=', row.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) {
      throw new ApiError('invitation_expired', 'this invitation has been used')
    }
    return grantOf(row)
  }

  /** Looks an invitation up without using it (to show the invitee what they are joining). */
  async peek(token: string, now = Date.now()) {
    const row = await this.#invitation(token)
    if (!row || row.accepted_at !== null || Number(row.expires_at) <= now) return null
    return grantOf(row)
  }

  /** The invitation a token (`id.secret`) names, matched on the hash of its secret. */
  async #invitation(token: string) {
    const [id, secret] = token.split('.')
    if (!id || !secret) return null
    const row = await this.db
      .selectFrom('invitation')
      .selectAll()
      .where('id', '=', id)
      .where('token_hash', '=', hashSecret(secret))
      .executeTakeFirst()
    return row ?? null
  }
}

function grantOf(row: {
  conference_id: string
  role: string
  delegation_id: string | null
  email: string | null
}) {
  return {
    conferenceId: row.conference_id,
    role: row.role as Role,
    delegationId: row.delegation_id,
    email: row.email,
  }
}
