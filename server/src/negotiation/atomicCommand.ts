import type { DeclarationParagraph } from '@accord/editor'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { Declaration, Delegation } from '../directory/Conferences.js'
import { ApiError, apiErrorOfRelay } from '../errors.js'
import { RelayError } from '../sync/RelayError.js'
import type { NegotiationContext } from './NegotiationContext.js'

/** What a mirror refresh reads, handed in when it runs inside a command's transaction. */
export interface MirrorSource {
  readonly db: Kysely<Database>
  readonly paragraphs: readonly DeclarationParagraph[]
  /** The draft's `proposalShape` when `paragraphs` were read. */
  readonly shape: string
  readonly delegations: Map<string, Delegation>
}

/** How a command reaches the mirrors (`MirrorProjection`). */
export interface Projector {
  /** Reads what the projection needs from outside SQL. */
  source(d: Declaration): Promise<Omit<MirrorSource, 'db'>>
  /** Writes the mirrors from the given transaction. */
  writeWithin(d: Declaration, source: MirrorSource): Promise<void>
  /** A coalesced refresh from committed state. */
  refresh(d: Declaration): Promise<void>
}

/**
 * Runs a command so that it happens entirely or not at all, and only in the stage the policy
 * allowed it in: its rows and its audit entry are
 * written in one transaction, the mirrors are projected from that transaction, and it commits
 * only once the relay stored the projection. When the relay refuses (a mirror over its size
 * limit, a document that could not be stored), nothing of the command stays in SQL, the mirrors
 * are put back in line with it, and the refusal becomes an API error of the vocabulary.
 *
 * Deadlock: the transaction holds the database's one connection until it ends, and the relay is
 * awaited inside it. So everything that needs another query (the draft, read through the relay,
 * whose queue runs rules that query; the delegations, through `Conferences`) is read before it,
 * and inside it only `tx` and the mirror documents are used: the mirrors are written by the
 * server alone, and their queues never wait on the database.
 *
 * If the commit itself fails after the mirrors took the projection, they show a command that
 * SQL lacks until the next refresh, which the failure path starts.
 */
export async function atomicCommand<T>(
  ctx: NegotiationContext,
  d: Declaration,
  mirrors: Projector,
  write: (tx: NegotiationContext) => Promise<T>,
  options: {
    /**
     * What the projection reads outside SQL, when the caller already holds it: a command that
     * runs inside the draft's queue (a status change) reads the draft there, and must not ask
     * the relay for it again (the read would wait for the task it runs in).
     */
    readonly source?: Omit<MirrorSource, 'db'>
    /** False inside the draft's queue: the caller awaits the refresh once the task is done. */
    readonly refreshAfter?: boolean
  } = {},
): Promise<T> {
  const source = options.source ?? (await mirrors.source(d))
  let result: T
  try {
    result = await ctx.db.transaction().execute(async (trx) => {
      // The route asked the policy in the stage it read; a stage change committed since then is
      // seen here, in the transaction's serial order, and the command does not happen in it.
      const now = await trx
        .selectFrom('declaration')
        .select('stage')
        .where('id', '=', d.id)
        .executeTakeFirst()
      if (now?.stage !== d.stage) {
        throw new ApiError(
          'conflict',
          `the declaration moved from ${d.stage} to ${now?.stage ?? 'nowhere'} meanwhile, so nothing was changed; reload and try again`,
        )
      }
      const written = await write(ctx.within(trx))
      await mirrors.writeWithin(d, { ...source, db: trx })
      return written
    })
  } catch (error) {
    // A mirror written before another one failed holds what SQL just rolled back.
    void mirrors.refresh(d).catch(() => {})
    if (error instanceof RelayError) throw apiErrorOfRelay(error)
    throw error
  }
  // A coalesced refresh that read SQL before the transaction may have written after it: one
  // more, queued behind it, reads the committed state, so the command is in the mirrors when it
  // returns. The command itself stands whatever this meets (the next refresh retries).
  if (options.refreshAfter !== false) await mirrors.refresh(d).catch(() => {})
  return result
}
