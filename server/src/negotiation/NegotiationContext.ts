import { type DeclarationParagraph, readDeclaration } from '@accord/editor'
import type { Kysely } from 'kysely'
import { AuditLog } from '../audit/AuditLog.js'
import type { Database } from '../db/schema.js'
import type { Conferences, Declaration, Delegation } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { Relay } from '../sync/Relay.js'
import type { Actor } from './Actor.js'
import { draftName } from './documentNames.js'

/** What every part of the negotiation works with: the stores, the relay, and a few readings. */
export class NegotiationContext {
  constructor(
    readonly db: Kysely<Database>,
    readonly conferences: Conferences,
    readonly relay: Relay,
    readonly audit: AuditLog,
  ) {}

  /**
   * The same context writing through `db` (a transaction): its queries and audit entries commit
   * or roll back together. Nothing through `conferences` or the draft may run inside one: those
   * take the database's one connection, which the transaction holds (see `atomicCommand`).
   */
  within(db: Kysely<Database>): NegotiationContext {
    return new NegotiationContext(db, this.conferences, this.relay, new AuditLog(db))
  }

  /** The paragraphs of the draft text, read on the server from stored state. */
  paragraphs(d: Declaration): Promise<DeclarationParagraph[]> {
    return this.relay.read(draftName(d), (doc) => readDeclaration(doc))
  }

  /** One paragraph of the draft, or 404. */
  async paragraph(d: Declaration, paragraphId: string): Promise<DeclarationParagraph> {
    const paragraph = (await this.paragraphs(d)).find((p) => p.id === paragraphId)
    if (!paragraph) throw new ApiError('not_found', 'no such paragraph in the draft')
    return paragraph
  }

  /** The delegations of the declaration's conference, by id. */
  async delegations(d: Declaration): Promise<Map<string, Delegation>> {
    return new Map((await this.conferences.delegations(d.conferenceId)).map((x) => [x.id, x]))
  }

  /** Audits a command of `actor` on the declaration. */
  record(
    d: Declaration,
    actor: Actor,
    action: string,
    target: string,
    detail: Record<string, unknown> = {},
    outcome: 'ok' | 'denied' = 'ok',
  ) {
    return this.audit.record({
      actorUserId: actor.userId,
      action,
      outcome,
      conferenceId: d.conferenceId,
      target,
      detail: { declarationId: d.id, ...detail },
    })
  }
}
