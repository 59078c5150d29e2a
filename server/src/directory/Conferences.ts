import type { Membership, Role, Stage } from '@accord/protocol'
import type { Kysely } from 'kysely'
import { hashSecret, newId, newSecret } from '../auth/secrets.js'
import type { Database } from '../db/schema.js'
import { ApiError } from '../errors.js'

export const DELEGATION_KINDS = ['member', 'guest', 'organization', 'stakeholder'] as const
export type DelegationKind = (typeof DELEGATION_KINDS)[number]

export interface Conference {
  readonly id: string
  readonly name: string
  readonly venue: string
  readonly startsOn: string
  readonly endsOn: string
}

export interface Delegation {
  readonly id: string
  readonly conferenceId: string
  readonly code: string
  readonly name: string
  readonly kind: DelegationKind
  readonly decides: boolean
}

export interface Member {
  readonly membershipId: string
  readonly userId: string
  readonly name: string
  readonly email: string
  readonly role: Role
  readonly delegationId: string | null
}

export interface Declaration {
  readonly id: string
  readonly conferenceId: string
  readonly title: string
  readonly stage: Stage
}

/** How long an invitation link stays valid unless the secretariat says otherwise. */
export const DEFAULT_INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000

/** Conferences, their delegations, members, invitations and declarations. */
export class Conferences {
  constructor(readonly db: Kysely<Database>) {}

  async create(input: Omit<Conference, 'id'>, now = Date.now()): Promise<Conference> {
    if (input.endsOn < input.startsOn)
      throw new ApiError('invalid_request', 'the conference ends before it starts')
    const conference = { id: newId(), ...input }
    await this.db
      .insertInto('conference')
      .values({
        id: conference.id,
        name: input.name,
        venue: input.venue,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        created_at: now,
      })
      .execute()
    return conference
  }

  async get(id: string): Promise<Conference> {
    const row = await this.db
      .selectFrom('conference')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!row) throw new ApiError('not_found', 'no such conference')
    return {
      id: row.id,
      name: row.name,
      venue: row.venue,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
    }
  }

  /** Every conference, for the operator. */
  async list(): Promise<Conference[]> {
    const rows = await this.db.selectFrom('conference').selectAll().orderBy('starts_on').execute()
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      venue: row.venue,
      startsOn: row.starts_on,
      endsOn: row.ends_on,
    }))
  }

  async addDelegation(
    conferenceId: string,
    input: Omit<Delegation, 'id' | 'conferenceId'>,
  ): Promise<Delegation> {
    // Only members decide: guests, organizations and stakeholder groups are advisory.
    if (input.decides && input.kind !== 'member') {
      throw new ApiError('invalid_request', 'only member delegations can block consensus')
    }
    await this.get(conferenceId)
    const taken = await this.db
      .selectFrom('delegation')
      .select('id')
      .where('conference_id', '=', conferenceId)
      .where('code', '=', input.code)
      .executeTakeFirst()
    if (taken) throw new ApiError('conflict', `delegation ${input.code} exists in this conference`)
    const delegation = { id: newId(), conferenceId, ...input }
    await this.db
      .insertInto('delegation')
      .values({
        id: delegation.id,
        conference_id: conferenceId,
        code: input.code,
        name: input.name,
        kind: input.kind,
        decides: input.decides ? 1 : 0,
      })
      .execute()
    return delegation
  }

  async delegations(conferenceId: string): Promise<Delegation[]> {
    const rows = await this.db
      .selectFrom('delegation')
      .selectAll()
      .where('conference_id', '=', conferenceId)
      .orderBy('code')
      .execute()
    return rows.map(toDelegation)
  }

  async delegation(conferenceId: string, delegationId: string): Promise<Delegation> {
    const row = await this.db
      .selectFrom('delegation')
      .selectAll()
      .where('conference_id', '=', conferenceId)
      .where('id', '=', delegationId)
      .executeTakeFirst()
    if (!row) throw new ApiError('not_found', 'no such delegation in this conference')
    return toDelegation(row)
  }

  /** Adds a member; a user has at most one current membership per conference. */
  async addMember(
    conferenceId: string,
    userId: string,
    role: Role,
    delegationId: string | null,
    now = Date.now(),
  ): Promise<string> {
    if ((role === 'delegate') !== (delegationId !== null)) {
      throw new ApiError(
        'invalid_request',
        'a delegate belongs to exactly one delegation; other roles to none',
      )
    }
    if (delegationId) await this.delegation(conferenceId, delegationId)
    const current = await this.db
      .selectFrom('membership')
      .select('id')
      .where('conference_id', '=', conferenceId)
      .where('user_id', '=', userId)
      .where('removed_at', 'is', null)
      .executeTakeFirst()
    if (current) throw new ApiError('conflict', 'this user is already a member of the conference')
    const id = newId()
    await this.db
      .insertInto('membership')
      .values({
        id,
        conference_id: conferenceId,
        user_id: userId,
        role,
        delegation_id: delegationId,
        created_at: now,
        removed_at: null,
      })
      .execute()
    return id
  }

  /** Removes a member; returns the user whose access changed. */
  async removeMember(
    conferenceId: string,
    membershipId: string,
    now = Date.now(),
  ): Promise<string> {
    const row = await this.db
      .selectFrom('membership')
      .select('user_id')
      .where('id', '=', membershipId)
      .where('conference_id', '=', conferenceId)
      .where('removed_at', 'is', null)
      .executeTakeFirst()
    if (!row) throw new ApiError('not_found', 'no such current member')
    await this.db
      .updateTable('membership')
      .set({ removed_at: now })
      .where('id', '=', membershipId)
      .execute()
    return row.user_id
  }

  async members(conferenceId: string): Promise<Member[]> {
    const rows = await this.db
      .selectFrom('membership')
      .innerJoin('user', 'user.id', 'membership.user_id')
      .select([
        'membership.id',
        'membership.user_id',
        'user.name',
        'user.email',
        'membership.role',
        'membership.delegation_id',
      ])
      .where('membership.conference_id', '=', conferenceId)
      .where('membership.removed_at', 'is', null)
      .orderBy('user.name')
      .execute()
    return rows.map((row) => ({
      membershipId: row.id,
      userId: row.user_id,
      name: row.name,
      email: row.email,
      role: row.role as Role,
      delegationId: row.delegation_id,
    }))
  }

  /** A user's current memberships, as the access policy takes them. */
  async membershipsOf(userId: string): Promise<Membership[]> {
    const rows = await this.db
      .selectFrom('membership')
      .leftJoin('delegation', 'delegation.id', 'membership.delegation_id')
      .select([
        'membership.conference_id',
        'membership.role',
        'membership.delegation_id',
        'delegation.decides',
      ])
      .where('membership.user_id', '=', userId)
      .where('membership.removed_at', 'is', null)
      .execute()
    return rows.map((row) => ({
      conferenceId: row.conference_id,
      role: row.role as Role,
      delegationId: row.delegation_id,
      decides: row.decides === 1,
    }))
  }

  /** Creates a single-use invitation; returns its token, which is never stored. */
  async invite(
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
    if (input.delegationId) await this.delegation(conferenceId, input.delegationId)
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
  async claimInvitation(token: string, userId: string, now = Date.now()) {
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
  async peekInvitation(token: string, now = Date.now()) {
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

  async createDeclaration(
    conferenceId: string,
    title: string,
    now = Date.now(),
  ): Promise<Declaration> {
    await this.get(conferenceId)
    const declaration: Declaration = { id: newId(), conferenceId, title, stage: 'drafting' }
    await this.db
      .insertInto('declaration')
      .values({
        id: declaration.id,
        conference_id: conferenceId,
        title,
        stage: 'drafting',
        created_at: now,
      })
      .execute()
    return declaration
  }

  async declaration(conferenceId: string, declarationId: string): Promise<Declaration | null> {
    const row = await this.db
      .selectFrom('declaration')
      .selectAll()
      .where('conference_id', '=', conferenceId)
      .where('id', '=', declarationId)
      .executeTakeFirst()
    return row
      ? { id: row.id, conferenceId: row.conference_id, title: row.title, stage: row.stage as Stage }
      : null
  }

  async declarations(conferenceId: string): Promise<Declaration[]> {
    const rows = await this.db
      .selectFrom('declaration')
      .selectAll()
      .where('conference_id', '=', conferenceId)
      .orderBy('created_at')
      .execute()
    return rows.map((row) => ({
      id: row.id,
      conferenceId: row.conference_id,
      title: row.title,
      stage: row.stage as Stage,
    }))
  }

  async setStage(conferenceId: string, declarationId: string, stage: Stage): Promise<void> {
    const result = await this.db
      .updateTable('declaration')
      .set({ stage })
      .where('conference_id', '=', conferenceId)
      .where('id', '=', declarationId)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw new ApiError('not_found', 'no such declaration')
  }
}

function toDelegation(row: {
  id: string
  conference_id: string
  code: string
  name: string
  kind: string
  decides: number
}): Delegation {
  return {
    id: row.id,
    conferenceId: row.conference_id,
    code: row.code,
    name: row.name,
    kind: row.kind as DelegationKind,
    decides: row.decides === 1,
  }
}

/** What an invitation grants. */
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
