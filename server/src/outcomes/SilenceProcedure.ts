import type { Kysely } from 'kysely'
import type { Logger } from 'pino'
import type { AuditLog } from '../audit/AuditLog.js'
import { newId } from '../auth/secrets.js'
import type { SilenceTable } from '../db/outcomesSchema.js'
import type { Database } from '../db/schema.js'
import type { Conferences, Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { PublicationSummary } from '../publication/Publications.js'
import type { Relay } from '../sync/Relay.js'
import type { Adoption } from './Adoption.js'
import type { KeyedQueue } from './KeyedQueue.js'
import { mirrorSilence, revalidateDeclaration, type SilenceView } from './mirror.js'

/** The longest wait one timer makes; longer deadlines are re-armed (Node caps timers at ~24.8 days). */
const MAX_TIMER_MS = 24 * 60 * 60 * 1000

/** The longest silence procedure the secretariat may set. */
export const MAX_SILENCE_MS = 90 * 24 * 60 * 60 * 1000

/**
 * The silence procedure. The secretariat starts it with a deadline: the text is frozen (the
 * declaration is in `silence`, where nobody writes the draft). A deciding delegation may break
 * it with a reason, which returns the declaration to negotiating. If nobody breaks it by the
 * deadline, the declaration is adopted.
 *
 * Everything is in SQL, and the timers are only a wake-up: at start the server re-arms every
 * running procedure, and one whose deadline passed while the server was down is acted on at
 * once. A break and the deadline are serialised (one queue per declaration, shared with
 * adoption), and a break that arrives at or after the deadline is refused: the deadline wins.
 */
export class SilenceProcedure {
  readonly #timers = new Map<string, NodeJS.Timeout>()
  readonly #expiries = new Set<Promise<void>>()
  #stopped = false

  constructor(
    readonly db: Kysely<Database>,
    readonly relay: Relay,
    readonly conferences: Conferences,
    readonly adoption: Adoption,
    readonly audit: AuditLog,
    readonly log: Logger,
    readonly queue: KeyedQueue,
  ) {}

  /** Starts silence on a declaration that is being negotiated and could be adopted as it stands. */
  start(
    d: Declaration,
    actorUserId: string,
    input: { deadline: number; message: string | null },
  ): Promise<SilenceView> {
    return this.queue.run(d.id, async () => {
      const fresh = await this.#declaration(d)
      if (fresh.stage !== 'negotiating')
        throw new ApiError('conflict', `silence starts from negotiating, not from ${fresh.stage}`)
      const now = Date.now()
      if (input.deadline <= now) throw new ApiError('invalid_request', 'the deadline has passed')
      if (input.deadline - now > MAX_SILENCE_MS)
        throw new ApiError('invalid_request', 'a silence procedure lasts at most 90 days')
      // What circulates under silence is adopted as it is when nobody breaks it: check now.
      await this.adoption.assertAdoptable(fresh)
      const row: SilenceTable = {
        id: newId(),
        declaration_id: d.id,
        conference_id: d.conferenceId,
        started_by: actorUserId,
        started_at: now,
        deadline: input.deadline,
        message: input.message,
        ended_at: null,
        outcome: null,
        broken_by_delegation_id: null,
        broken_by_user_id: null,
        reason: null,
      }
      await this.db.insertInto('silence').values(row).execute()
      await this.conferences.setStage(d.conferenceId, d.id, 'silence')
      await this.audit.record({
        actorUserId,
        action: 'silence.start',
        outcome: 'ok',
        conferenceId: d.conferenceId,
        target: d.id,
        detail: { silenceId: row.id, deadline: input.deadline },
      })
      await revalidateDeclaration(this.relay, fresh)
      const view = await this.#view(row)
      await mirrorSilence(this.relay, fresh, view)
      this.#arm(row.id, row.deadline)
      return view
    })
  }

  /** A deciding delegation breaks silence, giving its reason; the declaration returns to negotiating. */
  break(
    d: Declaration,
    actor: { userId: string; delegationId: string },
    reason: string,
  ): Promise<SilenceView> {
    return this.queue.run(d.id, async () => {
      const running = await this.#running(d.id)
      if (!running) throw new ApiError('conflict', 'no silence procedure is running')
      const now = Date.now()
      if (now >= Number(running.deadline))
        throw new ApiError('conflict', 'the deadline has passed: silence can no longer be broken')
      const changed = {
        ended_at: now,
        outcome: 'broken',
        broken_by_delegation_id: actor.delegationId,
        broken_by_user_id: actor.userId,
        reason,
      }
      await this.#end(running.id, changed)
      this.#disarm(running.id)
      const fresh = await this.#declaration(d)
      await this.conferences.setStage(d.conferenceId, d.id, 'negotiating')
      await this.audit.record({
        actorUserId: actor.userId,
        action: 'silence.break',
        outcome: 'ok',
        conferenceId: d.conferenceId,
        target: d.id,
        detail: { silenceId: running.id, delegationId: actor.delegationId, reason },
      })
      await revalidateDeclaration(this.relay, fresh)
      const view = await this.#view({ ...running, ...changed })
      await mirrorSilence(this.relay, fresh, view)
      return view
    })
  }

  /**
   * The secretariat returns the text from silence to negotiating itself: ends a running
   * procedure as withdrawn and changes the stage, in the declaration's queue, so that a deadline
   * acted on at the same moment cannot be undone (once adopted, this is refused).
   */
  withdraw(d: Declaration, actorUserId: string): Promise<void> {
    return this.queue.run(d.id, async () => {
      const fresh = await this.#declaration(d)
      if (fresh.stage !== 'silence')
        throw new ApiError(
          'conflict',
          `a declaration cannot move from ${fresh.stage} to negotiating`,
        )
      await this.conferences.setStage(d.conferenceId, d.id, 'negotiating')
      const running = await this.#running(d.id)
      if (!running) return
      const changed = { ended_at: Date.now(), outcome: 'withdrawn' }
      await this.#end(running.id, changed)
      this.#disarm(running.id)
      await this.audit.record({
        actorUserId,
        action: 'silence.withdraw',
        outcome: 'ok',
        conferenceId: d.conferenceId,
        target: d.id,
        detail: { silenceId: running.id },
      })
      await mirrorSilence(this.relay, d, await this.#view({ ...running, ...changed }))
    })
  }

  /**
   * The secretariat adopts by decision (the plain stage change to adopted), in the declaration's
   * queue. When the text is under silence, the running procedure ends as adopted at once:
   * otherwise the record would say "under silence" until the deadline's timer found the
   * declaration adopted.
   */
  adoptByDecision(d: Declaration, actorUserId: string): Promise<PublicationSummary> {
    return this.queue.run(d.id, async () => {
      const published = await this.adoption.adoptNow(d, actorUserId, { mode: 'decision' })
      const running = await this.#running(d.id)
      if (running) {
        const changed = { ended_at: Date.now(), outcome: 'adopted' }
        await this.#end(running.id, changed)
        this.#disarm(running.id)
        await mirrorSilence(this.relay, d, await this.#view({ ...running, ...changed }))
      }
      return published
    })
  }

  /** Every procedure of a declaration, oldest first. */
  async list(d: Declaration): Promise<SilenceView[]> {
    const rows = await this.db
      .selectFrom('silence')
      .selectAll()
      .where('declaration_id', '=', d.id)
      .orderBy('started_at')
      .execute()
    return Promise.all(rows.map((row) => this.#view(row)))
  }

  /** Re-arms every running procedure; one whose deadline passed while the server was down ends now. */
  async resume(): Promise<void> {
    const rows = await this.db
      .selectFrom('silence')
      .selectAll()
      .where('ended_at', 'is', null)
      .execute()
    for (const row of rows) this.#arm(row.id, Number(row.deadline))
  }

  /** Stops the timers and waits for a deadline being acted on (before the database closes). */
  async stop(): Promise<void> {
    this.#stopped = true
    for (const timer of this.#timers.values()) clearTimeout(timer)
    this.#timers.clear()
    await Promise.all(this.#expiries)
  }

  #arm(id: string, deadline: number): void {
    if (this.#stopped) return
    this.#disarm(id)
    const wait = Math.max(0, Math.min(deadline - Date.now(), MAX_TIMER_MS))
    const timer = setTimeout(() => {
      this.#timers.delete(id)
      const expiry = this.#expire(id).catch((error: unknown) =>
        this.log.error({ err: error, silenceId: id }, 'acting on a silence deadline failed'),
      )
      this.#expiries.add(expiry)
      void expiry.finally(() => this.#expiries.delete(expiry))
    }, wait)
    timer.unref()
    this.#timers.set(id, timer)
  }

  #disarm(id: string): void {
    const timer = this.#timers.get(id)
    if (timer) clearTimeout(timer)
    this.#timers.delete(id)
  }

  async #expire(id: string): Promise<void> {
    const first = await this.db
      .selectFrom('silence')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst()
    if (!first) return
    await this.queue.run(first.declaration_id, async () => {
      const row = await this.db
        .selectFrom('silence')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst()
      if (!row || row.ended_at !== null) return
      const deadline = Number(row.deadline)
      if (Date.now() < deadline) {
        this.#arm(id, deadline) // a long deadline, woken early by the timer cap
        return
      }
      const d = await this.#declaration({ conferenceId: row.conference_id, id: row.declaration_id })
      let changed: Partial<SilenceTable>
      if (d.stage === 'adopted') {
        // Adopted and published before a crash, but not yet marked: finish the record.
        changed = { ended_at: Date.now(), outcome: 'adopted' }
      } else {
        try {
          await this.adoption.adoptNow(d, row.started_by, {
            mode: 'silence',
            silenceEndedAt: deadline,
          })
          changed = { ended_at: Date.now(), outcome: 'adopted' }
        } catch (error) {
          // The deadline passed but the text could not be adopted (for example, its history no
          // longer verifies): recorded, and left in silence for the secretariat to decide.
          const reason = error instanceof Error ? error.message : String(error)
          changed = { ended_at: Date.now(), outcome: 'failed', reason }
          await this.audit.record({
            actorUserId: null,
            action: 'silence.adopt',
            outcome: 'failed',
            conferenceId: d.conferenceId,
            target: d.id,
            detail: { silenceId: id, reason },
          })
        }
      }
      await this.#end(id, changed)
      await mirrorSilence(this.relay, d, await this.#view({ ...row, ...changed }))
    })
  }

  async #end(id: string, changed: Partial<SilenceTable>): Promise<void> {
    const result = await this.db
      .updateTable('silence')
      .set(changed)
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) !== 1)
      throw new ApiError('conflict', 'the silence procedure already ended')
  }

  #running(declarationId: string) {
    return this.db
      .selectFrom('silence')
      .selectAll()
      .where('declaration_id', '=', declarationId)
      .where('ended_at', 'is', null)
      .executeTakeFirst()
  }

  async #declaration(d: { conferenceId: string; id: string }): Promise<Declaration> {
    const fresh = await this.conferences.declaration(d.conferenceId, d.id)
    if (!fresh) throw new ApiError('not_found', 'no such declaration')
    return fresh
  }

  async #view(row: SilenceTable): Promise<SilenceView> {
    const brokenBy = row.broken_by_delegation_id
      ? await this.db
          .selectFrom('delegation')
          .select('code')
          .where('id', '=', row.broken_by_delegation_id)
          .executeTakeFirst()
      : undefined
    return {
      id: row.id,
      state: (row.outcome ?? 'running') as SilenceView['state'],
      startedAt: Number(row.started_at),
      deadline: Number(row.deadline),
      message: row.message,
      endedAt: row.ended_at === null ? null : Number(row.ended_at),
      brokenBy: brokenBy?.code ?? null,
      reason: row.reason,
    }
  }
}
