import { newId } from '../auth/secrets.js'
import type { Declaration, Delegation } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { Actor } from './Actor.js'
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

/**
 * Comments on paragraphs: shared with everyone, or internal to the author's delegation. Edited
 * or deleted only by their author; stored in SQL, audited, then projected into the mirrors.
 */
export class Comments {
  constructor(
    readonly ctx: NegotiationContext,
    /** Told after every change, to refresh the mirrors. */
    readonly changed: (d: Declaration) => Promise<void>,
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
    await this.ctx.db
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
    await this.ctx.record(d, actor, 'comment.create', id, {
      paragraphId: input.paragraphId,
      visibility: input.visibility,
    })
    await this.changed(d)
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

  /** Edits or deletes a comment: its author only. */
  async changeComment(
    d: Declaration,
    actor: Actor,
    commentId: string,
    change: { body: string } | { deleted: true },
  ): Promise<void> {
    const row = await this.comment(d, commentId)
    if (row.author_user_id !== actor.userId) {
      await this.ctx.record(d, actor, 'comment.change', commentId, {}, 'denied')
      throw new ApiError('forbidden', 'only its author may change a comment')
    }
    if (row.deleted_at !== null) throw new ApiError('conflict', 'this comment was deleted')
    const now = Date.now()
    const set =
      'body' in change ? { body: change.body, edited_at: now } : { deleted_at: now, body: '' }
    await this.ctx.db.updateTable('comment').set(set).where('id', '=', commentId).execute()
    await this.ctx.record(d, actor, 'body' in change ? 'comment.edit' : 'comment.delete', commentId)
    await this.changed(d)
  }

  /** Resolves or reopens a thread: its author, anyone of the author's delegation, or the secretariat. */
  async resolveComment(
    d: Declaration,
    actor: Actor,
    commentId: string,
    resolved: boolean,
  ): Promise<void> {
    const row = await this.comment(d, commentId)
    const mayResolve =
      actor.role === 'secretariat'
        ? row.visibility === 'all'
        : row.author_user_id === actor.userId ||
          (row.author_delegation_id !== null && row.author_delegation_id === actor.delegationId)
    if (!mayResolve) throw new ApiError('forbidden', 'you may not resolve this comment')
    await this.ctx.db
      .updateTable('comment')
      .set(
        resolved
          ? { resolved_at: Date.now(), resolved_by: actor.userId }
          : { resolved_at: null, resolved_by: null },
      )
      .where('id', '=', commentId)
      .execute()
    await this.ctx.record(d, actor, resolved ? 'comment.resolve' : 'comment.reopen', commentId)
    await this.changed(d)
  }

  /** Comments visible to a reader: every shared one, and the internal ones of its delegation. */
  async comments(d: Declaration, readerDelegationId: string | null): Promise<CommentView[]> {
    const delegations = await this.ctx.delegations(d)
    const readerCode = readerDelegationId
      ? (delegations.get(readerDelegationId)?.code ?? null)
      : null
    return (await this.allComments(d, delegations)).filter(
      (comment) =>
        comment.visibility === 'all' || (readerCode !== null && comment.delegation === readerCode),
    )
  }

  /** Every comment of the declaration, internal ones included: never to be returned as is. */
  async allComments(d: Declaration, delegations: Map<string, Delegation>): Promise<CommentView[]> {
    const rows = await this.ctx.db
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
