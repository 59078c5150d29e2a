import { type DeclarationParagraph, findParagraph } from '@accord/editor'
import type { Kysely } from 'kysely'
import { AuditLog } from '../audit/AuditLog.js'
import type { Database } from '../db/schema.js'
import type { Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { Relay } from '../sync/Relay.js'
import type { Actor } from './Actor.js'
import { draftName } from './documentNames.js'
import { applyProposalDecision } from './draftText.js'
import { proposalIndex } from './proposalIndex.js'

/** What deciding needs from the rest of the negotiation. */
export interface DecisionContext {
  readonly paragraphs: (d: Declaration) => Promise<DeclarationParagraph[]>
  readonly statusOf: (d: Declaration, paragraphId: string) => Promise<string | undefined>
  readonly refresh: (d: Declaration) => Promise<void>
}

type DecisionRow = {
  id: number
  declaration_id: string
  paragraph_id: string
  proposal_id: string
  delegation: string
  action: string
  decision: string
  decided_by: string
}

/**
 * The secretariat's decisions on proposals. A decision changes the draft (documents.db) and is
 * recorded in accord.db: two databases, no shared transaction. So the decision is recorded first
 * as an intent, the draft change (idempotent: a decided bracket is gone, and deciding it again
 * finds nothing) is carried out, and only then is the decision marked applied and audited, in
 * one transaction. A crash in between leaves an intent that `reconcile` carries out on start. A
 * bracket that is no longer there when the draft is changed records no decision at all.
 */
export class ProposalDecisions {
  constructor(
    readonly db: Kysely<Database>,
    readonly relay: Relay,
    readonly context: DecisionContext,
  ) {}

  /** Decides on a proposal; 404 when it is not in the paragraph, 409 when it cannot be decided. */
  async decide(
    d: Declaration,
    actor: Actor,
    input: { paragraphId: string; proposalId: string; decision: 'accepted' | 'rejected' },
  ): Promise<void> {
    await this.reconcile(d.id)
    const paragraph = (await this.context.paragraphs(d)).find((p) => p.id === input.paragraphId)
    if (!paragraph) throw new ApiError('not_found', 'no such paragraph in the draft')
    const proposal = paragraph.proposals.find((p) => p.id === input.proposalId)
    if (!proposal) throw new ApiError('not_found', 'no such open proposal in this paragraph')
    // A proposal id belongs to one delegation; one that two claim is not decided on, so nobody's
    // words become agreed text in another's name.
    const claimants = await this.relay.read(
      draftName(d),
      (doc) => proposalIndex(doc).get(input.proposalId)?.delegations.size ?? 0,
    )
    if (claimants > 1)
      throw new ApiError('conflict', 'this proposal id is claimed by more than one delegation')
    if ((await this.context.statusOf(d, input.paragraphId)) === 'agreed')
      throw new ApiError('conflict', 'reopen the paragraph before deciding on its proposals')
    const text = paragraph.proposals
      .filter((p) => p.id === input.proposalId)
      .map((p) => p.text)
      .join('')
    const inserted = await this.db
      .insertInto('proposal_decision')
      .values({
        declaration_id: d.id,
        paragraph_id: input.paragraphId,
        proposal_id: input.proposalId,
        delegation: proposal.delegation,
        action: proposal.action,
        text,
        decision: input.decision,
        decided_by: actor.userId,
        decided_at: Date.now(),
        applied_at: null,
      })
      .executeTakeFirstOrThrow()
    const id = Number(inserted.insertId)
    // If this throws (the draft could not be stored), the intent stays and is carried out later.
    const found = await this.#carryOut(d, {
      paragraph_id: input.paragraphId,
      proposal_id: input.proposalId,
      action: proposal.action,
      decision: input.decision,
    })
    if (!found) {
      await this.db.deleteFrom('proposal_decision').where('id', '=', id).execute()
      throw new ApiError('conflict', 'the proposal left the draft before it was decided')
    }
    await this.#markApplied(d, {
      id,
      declaration_id: d.id,
      paragraph_id: input.paragraphId,
      proposal_id: input.proposalId,
      delegation: proposal.delegation,
      action: proposal.action,
      decision: input.decision,
      decided_by: actor.userId,
    })
    await this.context.refresh(d)
  }

  /** Changes the draft for a decision; whether the bracket was there. */
  async #carryOut(
    d: Pick<Declaration, 'id' | 'conferenceId'>,
    row: Pick<DecisionRow, 'paragraph_id' | 'proposal_id' | 'action' | 'decision'>,
  ): Promise<boolean> {
    let found = false
    await this.relay.mutate(draftName(d), (doc) => {
      const block = findParagraph(doc, row.paragraph_id)
      found = block
        ? applyProposalDecision(
            block.element,
            row.proposal_id,
            row.action as 'insert' | 'delete',
            row.decision as 'accepted' | 'rejected',
          )
        : false
    })
    return found
  }

  /** Marks a decision applied and audits it, in one transaction: both or neither. */
  async #markApplied(
    d: Pick<Declaration, 'id' | 'conferenceId'>,
    row: DecisionRow,
    recovered = false,
  ) {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('proposal_decision')
        .set({ applied_at: Date.now() })
        .where('id', '=', row.id)
        .execute()
      await new AuditLog(trx).record({
        actorUserId: row.decided_by,
        action: `proposal.${row.decision === 'accepted' ? 'accept' : 'reject'}`,
        outcome: 'ok',
        conferenceId: d.conferenceId,
        target: row.proposal_id,
        detail: {
          declarationId: d.id,
          paragraphId: row.paragraph_id,
          delegation: row.delegation,
          ...(recovered ? { recovered: true } : {}),
        },
      })
    })
  }

  /**
   * Carries out decisions recorded as intents but not marked applied (a crash, or a draft that
   * could not be stored): of one declaration, or of all. Replaying is safe: a bracket already
   * decided is gone, so the draft does not change twice. Returns how many were completed.
   */
  async reconcile(declarationId?: string): Promise<number> {
    let query = this.db
      .selectFrom('proposal_decision')
      .innerJoin('declaration', 'declaration.id', 'proposal_decision.declaration_id')
      .select([
        'proposal_decision.id',
        'proposal_decision.declaration_id',
        'proposal_decision.paragraph_id',
        'proposal_decision.proposal_id',
        'proposal_decision.delegation',
        'proposal_decision.action',
        'proposal_decision.decision',
        'proposal_decision.decided_by',
        'declaration.conference_id',
      ])
      .where('proposal_decision.applied_at', 'is', null)
    if (declarationId) query = query.where('proposal_decision.declaration_id', '=', declarationId)
    const pending = await query.orderBy('proposal_decision.id').execute()
    for (const row of pending) {
      const d = { id: row.declaration_id, conferenceId: row.conference_id }
      await this.#carryOut(d, row)
      // Found or not, the intent was checked against the draft when it was recorded: not found
      // now means the change was made before the crash.
      await this.#markApplied(d, row, true)
    }
    return pending.length
  }

  /** Every decision carried out, newest first. */
  async list(d: Declaration) {
    const rows = await this.db
      .selectFrom('proposal_decision')
      .innerJoin('user', 'user.id', 'proposal_decision.decided_by')
      .select([
        'proposal_decision.paragraph_id',
        'proposal_decision.proposal_id',
        'proposal_decision.delegation',
        'proposal_decision.action',
        'proposal_decision.text',
        'proposal_decision.decision',
        'proposal_decision.decided_at',
        'user.name',
      ])
      .where('proposal_decision.declaration_id', '=', d.id)
      .where('proposal_decision.applied_at', 'is not', null)
      .orderBy('proposal_decision.id', 'desc')
      .execute()
    return rows.map((row) => ({
      paragraphId: row.paragraph_id,
      proposalId: row.proposal_id,
      delegation: row.delegation,
      action: row.action as 'insert' | 'delete',
      text: row.text,
      decision: row.decision as 'accepted' | 'rejected',
      decidedBy: row.name,
      decidedAt: Number(row.decided_at),
    }))
  }
}
