import { type DeclarationParagraph, readDeclaration } from '@accord/editor'
import {
  consensusOf,
  documentName,
  type ParagraphStatus,
  type PositionValue,
  type Role,
} from '@accord/protocol'
import type { Kysely } from 'kysely'
import type { AuditLog } from '../audit/AuditLog.js'
import { newId } from '../auth/secrets.js'
import type { Database } from '../db/schema.js'
import type { Conferences, Declaration, Delegation } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { StatusChange } from '../outcomes/AgreedHistory.js'
import type { Relay } from '../sync/Relay.js'
import {
  applyProposalDecision,
  findParagraph,
  type ParagraphContent,
  paragraphContent,
  previousParagraphId,
  restoreParagraph,
  sameContent,
} from './draftText.js'
import { syncMap } from './mirrorMap.js'

/** Who is acting, as the routes know it. */
export interface Actor {
  readonly userId: string
  readonly role: Role
  /** The actor's delegation; null for the secretariat. */
  readonly delegationId: string | null
}

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

interface AgreedLock {
  content: ParagraphContent
  afterPid: string | null
}

/**
 * The negotiation of one declaration: comments, positions, paragraph statuses and proposal
 * decisions. Every command is authorised by the routes, stored in SQL and audited here, and then
 * projected into the server-written mirror documents that clients read live.
 */
export class Negotiation {
  readonly #refreshes = new Map<string, NodeJS.Timeout>()
  readonly #lockChecks = new Map<string, Promise<void>>()
  /** Called after each status change is stored: the agreed-text history chains it (#10). */
  onStatusChange:
    | ((d: Declaration, actorUserId: string, change: StatusChange) => Promise<void>)
    | null = null

  constructor(
    readonly db: Kysely<Database>,
    readonly conferences: Conferences,
    readonly relay: Relay,
    readonly audit: AuditLog,
  ) {}

  /** The declaration, or 404. */
  async declaration(conferenceId: string, declarationId: string): Promise<Declaration> {
    const declaration = await this.conferences.declaration(conferenceId, declarationId)
    if (!declaration) throw new ApiError('not_found', 'no such declaration')
    return declaration
  }

  /** The paragraphs of the draft text, read on the server from stored state. */
  paragraphs(d: Declaration): Promise<DeclarationParagraph[]> {
    return this.relay.read(draftName(d), (doc) => readDeclaration(doc))
  }

  async #paragraph(d: Declaration, paragraphId: string): Promise<DeclarationParagraph> {
    const paragraph = (await this.paragraphs(d)).find((p) => p.id === paragraphId)
    if (!paragraph) throw new ApiError('not_found', 'no such paragraph in the draft')
    return paragraph
  }

  // ——— Comments ———

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
    await this.#paragraph(d, input.paragraphId)
    if (input.parentId) {
      const parent = await this.#comment(d, input.parentId)
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
    await this.db
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
    await this.#audit(d, actor, 'comment.create', id, {
      paragraphId: input.paragraphId,
      visibility: input.visibility,
    })
    await this.refresh(d)
    return id
  }

  async #comment(d: Declaration, commentId: string) {
    const row = await this.db
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
    const row = await this.#comment(d, commentId)
    if (row.author_user_id !== actor.userId) {
      await this.#audit(d, actor, 'comment.change', commentId, {}, 'denied')
      throw new ApiError('forbidden', 'only its author may change a comment')
    }
    if (row.deleted_at !== null) throw new ApiError('conflict', 'this comment was deleted')
    const now = Date.now()
    const set =
      'body' in change ? { body: change.body, edited_at: now } : { deleted_at: now, body: '' }
    await this.db.updateTable('comment').set(set).where('id', '=', commentId).execute()
    await this.#audit(d, actor, 'body' in change ? 'comment.edit' : 'comment.delete', commentId)
    await this.refresh(d)
  }

  /** Resolves or reopens a thread: its author, anyone of the author's delegation, or the secretariat. */
  async resolveComment(
    d: Declaration,
    actor: Actor,
    commentId: string,
    resolved: boolean,
  ): Promise<void> {
    const row = await this.#comment(d, commentId)
    const mayResolve =
      actor.role === 'secretariat'
        ? row.visibility === 'all'
        : row.author_user_id === actor.userId ||
          (row.author_delegation_id !== null && row.author_delegation_id === actor.delegationId)
    if (!mayResolve) throw new ApiError('forbidden', 'you may not resolve this comment')
    await this.db
      .updateTable('comment')
      .set(
        resolved
          ? { resolved_at: Date.now(), resolved_by: actor.userId }
          : { resolved_at: null, resolved_by: null },
      )
      .where('id', '=', commentId)
      .execute()
    await this.#audit(d, actor, resolved ? 'comment.resolve' : 'comment.reopen', commentId)
    await this.refresh(d)
  }

  /** Comments visible to a reader: every shared one, and the internal ones of its delegation. */
  async comments(d: Declaration, readerDelegationId: string | null): Promise<CommentView[]> {
    const delegations = await this.#delegations(d)
    const readerCode = readerDelegationId
      ? (delegations.get(readerDelegationId)?.code ?? null)
      : null
    return (await this.#allComments(d, delegations)).filter(
      (comment) =>
        comment.visibility === 'all' || (readerCode !== null && comment.delegation === readerCode),
    )
  }

  /** Every comment of the declaration, internal ones included: never to be returned as is. */
  async #allComments(d: Declaration, delegations: Map<string, Delegation>): Promise<CommentView[]> {
    const rows = await this.db
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

  // ——— Positions ———

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
    await this.#paragraph(d, input.paragraphId)
    await this.db
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
      })
      .execute()
    await this.#audit(d, actor, 'position.set', input.paragraphId, {
      delegationId: input.delegationId,
      value: input.value,
    })
    await this.refresh(d)
  }

  /** Every position ever taken on a paragraph, newest first, with who set it. */
  async positionHistory(d: Declaration, paragraphId: string) {
    const delegations = await this.#delegations(d)
    const rows = await this.db
      .selectFrom('position')
      .innerJoin('user', 'user.id', 'position.set_by')
      .select([
        'position.delegation_id',
        'position.value',
        'position.amendment',
        'position.note',
        'position.set_at',
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
      setAt: Number(row.set_at),
    }))
  }

  async #currentPositions(d: Declaration) {
    const rows = await this.db
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
        'user.name',
      ])
      .where('position.declaration_id', '=', d.id)
      .orderBy('position.id')
      .execute()
    const current = new Map<string, (typeof rows)[number]>()
    for (const row of rows) current.set(`${row.paragraph_id}/${row.delegation_id}`, row)
    return [...current.values()]
  }

  // ——— Paragraph status and locks ———

  async setStatus(
    d: Declaration,
    actor: Actor,
    input: { paragraphId: string; status: ParagraphStatus; pendingDelegationId: string | null },
  ): Promise<void> {
    if ((input.status === 'pending') !== (input.pendingDelegationId !== null)) {
      throw new ApiError(
        'invalid_request',
        '"agreed pending" names exactly one delegation; other statuses none',
      )
    }
    if (input.pendingDelegationId)
      await this.conferences.delegation(d.conferenceId, input.pendingDelegationId)
    const lock = await this.relay.read(draftName(d), (doc): AgreedLock | null => {
      const found = findParagraph(doc, input.paragraphId)
      return found
        ? {
            content: paragraphContent(found.element),
            afterPid: previousParagraphId(doc, input.paragraphId),
          }
        : null
    })
    if (!lock) throw new ApiError('not_found', 'no such paragraph in the draft')
    await this.db
      .insertInto('paragraph_status')
      .values({
        declaration_id: d.id,
        paragraph_id: input.paragraphId,
        status: input.status,
        pending_delegation_id: input.pendingDelegationId,
        agreed_content: input.status === 'agreed' ? JSON.stringify(lock) : null,
        set_by: actor.userId,
        set_at: Date.now(),
      })
      .execute()
    await this.#audit(d, actor, 'paragraph.setStatus', input.paragraphId, { status: input.status })
    await this.onStatusChange?.(d, actor.userId, input)
    await this.refresh(d)
  }

  async #currentStatuses(d: Declaration) {
    const rows = await this.db
      .selectFrom('paragraph_status')
      .selectAll()
      .where('declaration_id', '=', d.id)
      .orderBy('id')
      .execute()
    const current = new Map<string, (typeof rows)[number]>()
    for (const row of rows) current.set(row.paragraph_id, row)
    return current
  }

  /**
   * After a client's update to the draft was stored: enforces the locks, then schedules a mirror
   * refresh. Checks of one declaration run one after another, so that two quick updates do not
   * both restore (and audit) the same paragraph.
   */
  afterDraftUpdate(d: Declaration, actorUserId: string | null): Promise<void> {
    const previous = this.#lockChecks.get(d.id) ?? Promise.resolve()
    const next = previous
      .then(() => this.enforceLocks(d, actorUserId))
      .then(() => this.scheduleRefresh(d))
    const settled = next.catch(() => {})
    this.#lockChecks.set(d.id, settled)
    void settled.then(() => {
      if (this.#lockChecks.get(d.id) === settled) this.#lockChecks.delete(d.id)
    })
    return next
  }

  /**
   * Puts back any agreed paragraph that a client changed anyway (bypassing the editor's lock),
   * for everyone, and audits the attempt. Called after each stored update to the draft.
   */
  async enforceLocks(d: Declaration, actorUserId: string | null): Promise<number> {
    const locks = [...(await this.#currentStatuses(d)).values()]
      .filter((row) => row.status === 'agreed' && row.agreed_content)
      .map((row) => ({
        pid: row.paragraph_id,
        lock: JSON.parse(row.agreed_content!) as AgreedLock,
      }))
    if (locks.length === 0) return 0
    const broken = await this.relay.read(draftName(d), (doc) =>
      locks.filter(({ pid, lock }) => {
        const found = findParagraph(doc, pid)
        return !found || !sameContent(paragraphContent(found.element), lock.content)
      }),
    )
    if (broken.length === 0) return 0
    await this.relay.mutate(draftName(d), (doc) => {
      doc.transact(() => {
        for (const { pid, lock } of broken) restoreParagraph(doc, pid, lock.content, lock.afterPid)
      })
    })
    for (const { pid } of broken) {
      await this.audit.record({
        actorUserId,
        action: 'paragraph.lockRestored',
        outcome: 'denied',
        conferenceId: d.conferenceId,
        target: pid,
        detail: { declarationId: d.id },
      })
    }
    return broken.length
  }

  // ——— Proposals ———

  async decideProposal(
    d: Declaration,
    actor: Actor,
    input: { paragraphId: string; proposalId: string; decision: 'accepted' | 'rejected' },
  ): Promise<void> {
    const paragraph = await this.#paragraph(d, input.paragraphId)
    const proposal = paragraph.proposals.find((p) => p.id === input.proposalId)
    if (!proposal) throw new ApiError('not_found', 'no such open proposal in this paragraph')
    const status = (await this.#currentStatuses(d)).get(input.paragraphId)
    if (status?.status === 'agreed')
      throw new ApiError('conflict', 'reopen the paragraph before deciding on its proposals')
    const text = paragraph.proposals
      .filter((p) => p.id === input.proposalId)
      .map((p) => p.text)
      .join('')
    await this.relay.mutate(draftName(d), (doc) => {
      const found = findParagraph(doc, input.paragraphId)
      if (found)
        applyProposalDecision(found.element, input.proposalId, proposal.action, input.decision)
    })
    await this.db
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
      })
      .execute()
    await this.#audit(
      d,
      actor,
      `proposal.${input.decision === 'accepted' ? 'accept' : 'reject'}`,
      input.proposalId,
      {
        paragraphId: input.paragraphId,
        delegation: proposal.delegation,
      },
    )
    await this.refresh(d)
  }

  /** Every decision taken on proposals, newest first. */
  async proposalDecisions(d: Declaration) {
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

  // ——— Mirrors ———

  /**
   * Rewrites the mirror documents from SQL: the shared one (shared comments, positions,
   * statuses, consensus) and one per delegation (its internal comments). Internal comments are
   * only ever written into their own delegation's document, so they never travel to anyone
   * else, not even inside Yjs state.
   */
  async refresh(d: Declaration): Promise<void> {
    const [paragraphs, delegations, positions, statuses, comments] = await Promise.all([
      this.paragraphs(d),
      this.#delegations(d),
      this.#currentPositions(d),
      this.#currentStatuses(d),
      this.comments(d, null),
    ])
    const deciding = [...delegations.values()].filter((x) => x.decides).map((x) => x.code)
    const positionEntries = new Map<string, unknown>()
    for (const row of positions) {
      const delegation = delegations.get(row.delegation_id)
      if (!delegation) continue
      positionEntries.set(`${row.paragraph_id}/${delegation.code}`, {
        paragraphId: row.paragraph_id,
        delegation: delegation.code,
        decides: delegation.decides,
        value: row.value,
        amendment: row.amendment,
        note: row.note,
        setBy: row.name,
        setAt: Number(row.set_at),
      })
    }
    const statusEntries = new Map<string, unknown>()
    for (const [pid, row] of statuses) {
      statusEntries.set(pid, {
        status: row.status,
        pendingDelegation: row.pending_delegation_id
          ? (delegations.get(row.pending_delegation_id)?.code ?? null)
          : null,
        setAt: Number(row.set_at),
      })
    }
    const consensusEntries = new Map<string, unknown>()
    for (const paragraph of paragraphs) {
      if (!paragraph.id) continue
      const views = positions
        .filter((row) => row.paragraph_id === paragraph.id && delegations.has(row.delegation_id))
        .map((row) => {
          const delegation = delegations.get(row.delegation_id)!
          return {
            delegation: delegation.code,
            decides: delegation.decides,
            value: row.value as PositionValue,
          }
        })
      const openProposals = new Set(paragraph.proposals.map((p) => p.id)).size
      consensusEntries.set(paragraph.id, consensusOf({ deciding, positions: views, openProposals }))
    }
    // A comment whose paragraph left the draft is kept, and says so, for readers offline too.
    const present = new Set(paragraphs.map((p) => p.id))
    const withPlace = (c: CommentView) => ({ ...c, orphaned: !present.has(c.paragraphId) })
    const commentEntries = new Map<string, unknown>(comments.map((c) => [c.id, withPlace(c)]))
    await this.relay.mutate(sharedName(d), (doc) => {
      doc.transact(() => {
        syncMap(doc.getMap('positions'), positionEntries)
        syncMap(doc.getMap('statuses'), statusEntries)
        syncMap(doc.getMap('consensus'), consensusEntries)
        syncMap(doc.getMap('comments'), commentEntries)
      })
    })
    // Each delegation's internal comments go into its own document, and nowhere else. Only
    // delegations that have (or had: deleted comments stay as rows) internal comments have one.
    const internal = (await this.#allComments(d, delegations)).filter(
      (c) => c.visibility === 'delegation',
    )
    for (const delegation of delegations.values()) {
      const own = internal.filter((c) => c.delegation === delegation.code)
      if (own.length === 0) continue
      const name = documentName({
        kind: 'delegation',
        conferenceId: d.conferenceId,
        declarationId: d.id,
        delegationId: delegation.id,
      })
      await this.relay.mutate(name, (doc) => {
        syncMap(doc.getMap('comments'), new Map(own.map((c) => [c.id, withPlace(c)])))
      })
    }
  }

  /**
   * Schedules a refresh of the mirrors after the draft changed (new brackets change consensus).
   * Bursts of typing collapse into one refresh.
   */
  scheduleRefresh(d: Declaration, delayMs = 150): void {
    if (this.#refreshes.has(d.id)) return
    const timer = setTimeout(() => {
      this.#refreshes.delete(d.id)
      this.refresh(d).catch(() => {})
    }, delayMs)
    timer.unref()
    this.#refreshes.set(d.id, timer)
  }

  async #delegations(d: Declaration): Promise<Map<string, Delegation>> {
    return new Map((await this.conferences.delegations(d.conferenceId)).map((x) => [x.id, x]))
  }

  #audit(
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

/** The draft document of a declaration. */
export function draftName(d: Declaration): string {
  return documentName({ kind: 'draft', conferenceId: d.conferenceId, declarationId: d.id })
}

/** The shared mirror of a declaration. */
export function sharedName(d: Declaration): string {
  return documentName({ kind: 'shared', conferenceId: d.conferenceId, declarationId: d.id })
}
