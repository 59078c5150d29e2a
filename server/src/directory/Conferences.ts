import type { Membership, Role, Stage } from '@accord/protocol'
import type { Kysely } from 'kysely'
import { newId } from '../auth/secrets.js'
import type { Database } from '../db/schema.js'
import { ApiError } from '../errors.js'
import { Invitations } from './Invitations.js'

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

export { DEFAULT_INVITATION_TTL_MS } from './Invitations.js'

/** Conferences, their delegations, members, invitations and declarations. */
export class Conferences {
  /** Invitations into conferences (their own module; reached through here as before). */
  readonly invitations: Invitations

  constructor(readonly db: Kysely<Database>) {
    this.invitations = new Invitations(db, this)
  }

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

  /**
   * Changes a delegation's name, kind or whether it decides. The code stays: proposal marks in
   * the drafts carry it, so a new code would orphan them.
   */
  async updateDelegation(
    conferenceId: string,
    delegationId: string,
    changes: { name?: string; kind?: DelegationKind; decides?: boolean },
  ): Promise<Delegation> {
    const current = await this.delegation(conferenceId, delegationId)
    const next = { ...current, ...changes }
    // Changing the kind away from member makes the delegation advisory unless told otherwise.
    if (changes.kind !== undefined && changes.decides === undefined && next.kind !== 'member') {
      next.decides = false
    }
    if (next.decides && next.kind !== 'member') {
      throw new ApiError('invalid_request', 'only member delegations can block consensus')
    }
    await this.db
      .updateTable('delegation')
      .set({ name: next.name, kind: next.kind, decides: next.decides ? 1 : 0 })
      .where('id', '=', delegationId)
      .where('conference_id', '=', conferenceId)
      .execute()
    return next
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
  invite(...args: Parameters<Invitations['create']>) {
    return this.invitations.create(...args)
  }

  /** Marks an invitation used and returns what it grants (see `Invitations.claim`). */
  claimInvitation(...args: Parameters<Invitations['claim']>) {
    return this.invitations.claim(...args)
  }

  /** Looks an invitation up without using it (see `Invitations.peek`). */
  peekInvitation(...args: Parameters<Invitations['peek']>) {
    return this.invitations.peek(...args)
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
