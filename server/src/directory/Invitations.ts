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
        revoked_at: null,
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
    if (row.revoked_at !== null)
      throw new ApiError('invitation_expired', 'this invitation has been withdrawn')
    if (row.accepted_at !== null)
      throw new ApiError('invitation_expired', 'this invitation has been used')
    if (Number(row.expires_at) <= now)
      throw new ApiError('invitation_expired', 'this invitation has expired')
    const claimed = await this.db
      .updateTable('invitation')
      .set({ accepted_at: now, accepted_by: userId })
      .where('id', '=', row.id)
      .where('accepted_at', 'is', null)
      // A revocation that lands between the read and this update still wins.
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    if (Number(claimed.numUpdatedRows) !== 1) {
      throw new ApiError('invitation_expired', 'this invitation has been used')
    }
    return grantOf(row)
  }

  /** Looks an invitation up without using it (to show the invitee what they are joining). */
  async peek(token: string, now = Date.now()) {
    const row = await this.#invitation(token)
    if (!row || row.accepted_at !== null || row.revoked_at !== null) return null
    if (Number(row.expires_at) <= now) return null
    return grantOf(row)
  }

  /** A conference's invitations, newest first: what each grants and its state, never a secret. */
  async list(conferenceId: string, now = Date.now()): Promise<InvitationSummary[]> {
    const rows = await this.db
      .selectFrom('invitation')
      .leftJoin('delegation', 'delegation.id', 'invitation.delegation_id')
      .select([
        'invitation.id',
        'invitation.role',
        'invitation.delegation_id',
        'delegation.code',
        'invitation.email',
        'invitation.created_by',
        'invitation.created_at',
        'invitation.expires_at',
        'invitation.accepted_at',
        'invitation.accepted_by',
        'invitation.revoked_at',
      ])
      .where('invitation.conference_id', '=', conferenceId)
      .orderBy('invitation.created_at', 'desc')
      .orderBy('invitation.id')
      .execute()
    return rows.map((row) => ({
      id: row.id,
      role: row.role as Role,
      delegationId: row.delegation_id,
      delegationCode: row.code ?? null,
      email: row.email,
      createdBy: row.created_by,
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
      acceptedAt: row.accepted_at === null ? null : Number(row.accepted_at),
      acceptedBy: row.accepted_by,
      revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
      state:
        row.revoked_at !== null
          ? 'revoked'
          : row.accepted_at !== null
            ? 'used'
            : Number(row.expires_at) <= now
              ? 'expired'
              : 'open',
    }))
  }

  /**
   * Withdraws an unused invitation, so its link no longer works. Only an open or expired one can
   * be revoked: a used invitation already made a member (remove the member instead).
   */
  async revoke(conferenceId: string, invitationId: string, now = Date.now()): Promise<void> {
    const result = await this.db
      .updateTable('invitation')
      .set({ revoked_at: now })
      .where('id', '=', invitationId)
      .where('conference_id', '=', conferenceId)
      .where('accepted_at', 'is', null)
      .where('revoked_at', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 1) return
    const row = await this.db
      .selectFrom('invitation')
      .select(['accepted_at', 'revoked_at'])
      .where('id', '=', invitationId)
      .where('conference_id', '=', conferenceId)
      .executeTakeFirst()
    if (!row) throw new ApiError('not_found', 'no such invitation in this conference')
    if (row.revoked_at !== null)
      throw new ApiError('conflict', 'this invitation is already revoked')
    throw new ApiError('conflict', 'this invitation has been used; remove the member instead')
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

/** One invitation as `list` shows it. */
export interface InvitationSummary {
  readonly id: string
  readonly role: Role
  readonly delegationId: string | null
  readonly delegationCode: string | null
  readonly email: string | null
  /** The user who created it, or `cli` for the operator's command line. */
  readonly createdBy: string
  readonly createdAt: number
  readonly expiresAt: number
  readonly acceptedAt: number | null
  readonly acceptedBy: string | null
  readonly revokedAt: number | null
  readonly state: 'open' | 'used' | 'expired' | 'revoked'
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
