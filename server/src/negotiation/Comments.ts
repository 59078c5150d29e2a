import type { Kysely } from 'kysely'
import { newId } from '../auth/secrets.js'
import type { Database } from '../db/schema.js'
import type { Declaration, Delegation } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { Actor } from './Actor.js'
import { atomicCommand, type Projector } from './atomicCommand.js'
import type { NegotiationContext } from './NegotiationContext.js'

/** A comment as members see it. */
export interface CommentView {
  id: string
  paragraphId: string
  parentId: string | null
  author: string
  authorUserId: string
  delegation: string | null
  visibility: 'all' | 'delegation'
  body: string
  createdAt: number
  editedAt: number | null
  deleted: boolean
  resolved: boolean
}

/** A stored comment, as `comment` returns it. */
export type CommentRow = Awaited<ReturnType<Comments['comment']>>

/**
 * What an audit entry about a comment carries beside the declaration: its paragraph (on
 * creation) and, for an internal comment, the delegation it belongs to. The audit log shows an
 * entry marked `internalTo` to that delegation and the operator only (`AuditReaders`), as the
 * comment itself is shown.
 */
function auditDetail(
  visibility: string,
  delegationId: string | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return visibility === 'delegation'
    ? { ...extra, visibility, internalTo: delegationId }
    : { ...extra, visibility }
}

/**
 * Comments on paragraphs: shared with everyone, or internal to the author's delegation. Who may
 * create, edit, delete, resolve or reopen one, and in which stage, is the access policy's
 * (`decideAccess`), asked by the routes; here each change is stored, audited and projected into
 * the mirrors, all of it or none (`atomicCommand`).
 */
export class Comments {
  constructor(
    readonly ctx: NegotiationContext,
    /** Projects every change into the mirrors, inside the command's transaction. */
    readonly mirrors: Projector,
  ) {}

  async addComment(
    d: Declaration,
    actor: Actor,
    input: {
      paragraphId: string
      parentId: string | null
      visibility: 'all' | 'delegation'
      body: string
    },
  ): Promise<string> {
    if (input.visibility === 'delegation' && !actor.delegationId) {
      throw new ApiError('invalid_request', 'only a delegation has internal comments')
    }
    await this.ctx.paragraph(d, input.paragraphId)
    if (input.parentId) {
      const parent = await this.comment(d, input.parentId)
      // An internal thread of another delegation does not exist for this author: 404 before any
      // other answer, so that not even its existence leaks.
      if (
        parent.visibility === 'delegation' &&
        parent.author_delegation_id !== actor.delegationId
      ) {
        throw new ApiError('not_found', 'no such comment')
      }
      if (parent.paragraph_id !== input.paragraphId) {
        throw new ApiError('invalid_request', "a reply stays on its thread's paragraph")
      }
      // A reply is as visible as its thread: never more.
      if (parent.visibility !== input.visibility) {
        throw new ApiError('invalid_request', 'a reply has the visibility of its thread')
      }
    }
    const id = newId()
    await atomicCommand(this.ctx, d, this.mirrors, async (tx) => {
      await tx.db
        .insertInto('comment')
        .values({
          id,
          declaration_id: d.id,
          paragraph_id: input.paragraphId,
          parent_id: input.parentId,
          author_user_id: actor.userId,
          author_delegation_id: actor.delegationId,
          visibility: input.visibility,
          body: input.body,
          created_at: Date.now(),
          edited_at: null,
          deleted_at: null,
          resolved_at: null,
          resolved_by: null,
        })
        .execute()
      await tx.record(
        d,
        actor,
        'comment.create',
        id,
        auditDetail(input.visibility, actor.delegationId, { paragraphId: input.paragraphId }),
      )
    })
    return id
  }

  async comment(d: Declaration, commentId: string) {
    const row = await this.ctx.db
      .selectFrom('comment')
      .selectAll()
      .where('id', '=', commentId)
      .where('declaration_id', '=', d.id)
      .executeTakeFirst()
    if (!row) throw new ApiError('not_found', 'no such comment')
    return row
  }

  /**
   * Edits or deletes a comment. The route asked the policy first (its author, while the text is
   * negotiated); a deleted comment stays deleted, so a resent edit or deletion is a conflict.
   */
  async changeComment(
    d: Declaration,
    actor: Actor,
    commentId: string,
    change: { body: string } | { deleted: true },
  ): Promise<void> {
    const row = await this.comment(d, commentId)
    if (row.deleted_at !== null) throw new ApiError('conflict', 'this comment was deleted')
    const now = Date.now()
    const set =
      'body' in change ? { body: change.body, edited_at: now } : { deleted_at: now, body: '' }
    await atomicCommand(this.ctx, d, this.mirrors, async (tx) => {
      // Only a comment not deleted meanwhile: two deletions at once leave one entry, not two.
      const updated = await tx.db
        .updateTable('comment')
        .set(set)
        .where('id', '=', commentId)
        .where('deleted_at', 'is', null)
        .executeTakeFirst()
      if (Number(updated.numUpdatedRows) === 0)
        throw new ApiError('conflict', 'this comment was deleted')
      await tx.record(
        d,
        actor,
        'body' in change ? 'comment.edit' : 'comment.delete',
        commentId,
        auditDetail(row.visibility, row.author_delegation_id),
      )
    })
  }

  /** Resolves or reopens a thread; the route asked the policy who may, and when. */
  async resolveComment(
    d: Declaration,
    actor: Actor,
    commentId: string,
    resolved: boolean,
  ): Promise<void> {
    const row = await this.comment(d, commentId)
    await atomicCommand(this.ctx, d, this.mirrors, async (tx) => {
      await tx.db
        .updateTable('comment')
        .set(
          resolved
            ? { resolved_at: Date.now(), resolved_by: actor.userId }
            : { resolved_at: null, resolved_by: null },
        )
        .where('id', '=', commentId)
        .execute()
      await tx.record(
        d,
        actor,
        resolved ? 'comment.resolve' : 'comment.reopen',
        commentId,
        auditDetail(row.visibility, row.author_delegation_id),
      )
    })
  }

  /**
   * Comments visible to a reader: every shared one, and the internal ones of its delegation.
   * Inside a command's transaction, `within` gives its connection and the delegations read before.
   */
  async comments(
    d: Declaration,
    readerDelegationId: string | null,
    within?: { db: Kysely<Database>; delegations: Map<string, Delegation> },
  ): Promise<CommentView[]> {
    const delegations = within?.delegations ?? (await this.ctx.delegations(d))
    const readerCode = readerDelegationId
      ? (delegations.get(readerDelegationId)?.code ?? null)
      : null
    return (await this.allComments(d, delegations, within?.db)).filter(
      (comment) =>
        comment.visibility === 'all' || (readerCode !== null && comment.delegation === readerCode),
    )
  }

  /** Every comment of the declaration, internal ones included: never to be returned as is. */
  async allComments(
    d: Declaration,
    delegations: Map<string, Delegation>,
    db = this.ctx.db,
  ): Promise<CommentView[]> {
    const rows = await db
      .selectFrom('comment')
      .innerJoin('user', 'user.id', 'comment.author_user_id')
      .selectAll('comment')
      .select('user.name as author')
      .where('comment.declaration_id', '=', d.id)
      .orderBy('comment.created_at')
      .execute()
    return rows.map((row) => ({
      id: row.id,
      paragraphId: row.paragraph_id,
      parentId: row.parent_id,
      author: row.author,
      authorUserId: row.author_user_id,
      delegation: row.author_delegation_id
        ? (delegations.get(row.author_delegation_id)?.code ?? null)
        : null,
      visibility: row.visibility as 'all' | 'delegation',
      body: row.body,
      createdAt: Number(row.created_at),
      editedAt: row.edited_at === null ? null : Number(row.edited_at),
      deleted: row.deleted_at !== null,
      resolved: row.resolved_at !== null,
    }))
  }
}
