import type { PositionValue } from '@accord/protocol'
import type { Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { Actor } from './Actor.js'
import { atomicCommand, type Projector } from './atomicCommand.js'
import type { NegotiationContext } from './NegotiationContext.js'

/** Who recorded a position: the delegation itself, or the secretariat on its behalf. */
export type RecordedBy = 'delegation' | 'secretariat'

/**
 * Each delegation's position on each paragraph, with its history: set by its members, or
 * recorded by the secretariat on its behalf when stated in the room (marked as such).
 */
export class Positions {
  constructor(
    readonly ctx: NegotiationContext,
    readonly changed: Projector,
  ) {}

  async setPosition(
    d: Declaration,
    actor: Actor,
    input: {
      paragraphId: string
      delegationId: string
      value: PositionValue
      amendment: string | null
      note: string | null
    },
  ): Promise<void> {
    if (input.value === 'amendment' && !input.amendment?.trim()) {
      throw new ApiError('invalid_request', 'an amendment carries the proposed text')
    }
    await this.ctx.paragraph(d, input.paragraphId)
    // The route lets a delegate set only its own delegation's position; anyone else who may set
    // one (the secretariat) records it on the delegation's behalf, and the record says so.
    const onBehalf = actor.delegationId !== input.delegationId
    // The row, its audit entry and the mirrors: all of it or none (issue #11).
    await atomicCommand(this.ctx, d, this.changed, async (tx) => {
      await tx.db
        .insertInto('position')
        .values({
          declaration_id: d.id,
          paragraph_id: input.paragraphId,
          delegation_id: input.delegationId,
          value: input.value,
          amendment: input.value === 'amendment' ? input.amendment : null,
          note: input.note,
          set_by: actor.userId,
          set_at: Date.now(),
          on_behalf: onBehalf ? 1 : 0,
        })
        .execute()
      await tx.record(d, actor, 'position.set', input.paragraphId, {
        delegationId: input.delegationId,
        value: input.value,
        recordedBy: onBehalf ? 'secretariat' : 'delegation',
      })
    })
  }

  /** Every position ever taken on a paragraph, newest first, with who set it. */
  async positionHistory(d: Declaration, paragraphId: string) {
    const delegations = await this.ctx.delegations(d)
    const rows = await this.ctx.db
      .selectFrom('position')
      .innerJoin('user', 'user.id', 'position.set_by')
      .select([
        'position.delegation_id',
        'position.value',
        'position.amendment',
        'position.note',
        'position.set_at',
        'position.on_behalf',
        'user.name',
      ])
      .where('position.declaration_id', '=', d.id)
      .where('position.paragraph_id', '=', paragraphId)
      .orderBy('position.id', 'desc')
      .execute()
    return rows.map((row) => ({
      delegation: delegations.get(row.delegation_id)?.code ?? row.delegation_id,
      value: row.value as PositionValue,
      amendment: row.amendment,
      note: row.note,
      setBy: row.name,
      recordedBy: recordedBy(row.on_behalf),
      setAt: Number(row.set_at),
    }))
  }

  /** The current position of each delegation on each paragraph (the newest row of each). */
  async current(d: Declaration, db = this.ctx.db) {
    const rows = await db
      .selectFrom('position')
      .innerJoin('user', 'user.id', 'position.set_by')
      .select([
        'position.id',
        'position.paragraph_id',
        'position.delegation_id',
        'position.value',
        'position.amendment',
        'position.note',
        'position.set_at',
        'position.on_behalf',
        'user.name',
      ])
      .where('position.declaration_id', '=', d.id)
      .orderBy('position.id')
      .execute()
    const current = new Map<string, (typeof rows)[number]>()
    for (const row of rows) current.set(`${row.paragraph_id}/${row.delegation_id}`, row)
    return [...current.values()]
  }
}

/** How a stored row says who recorded it. */
export function recordedBy(onBehalf: number | bigint | boolean): RecordedBy {
  return Number(onBehalf) === 1 ? 'secretariat' : 'delegation'
}
