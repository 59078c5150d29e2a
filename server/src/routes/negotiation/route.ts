import { type Command, decideAccess, type ParagraphStatus, type Resource } from '@accord/protocol'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { Declaration } from '../../directory/Conferences.js'
import { ApiError } from '../../errors.js'
import { requireUser } from '../../middleware/sessionAuth.js'
import type { Actor } from '../../negotiation/Negotiation.js'
import type { AppEnv } from '../../services.js'
import { authorizeAction } from '../authorizeAction.js'
import { errorResponses, json, jsonBody } from '../schemas.js'
import {
  CommentParams,
  CommentSchema,
  CreateComment,
  Created,
  DecideProposal,
  DeclarationParams,
  Done,
  EditComment,
  ParagraphParams,
  ParagraphSchema,
  PositionHistorySchema,
  PositionsGridSchema,
  ProposalDecisionsSchema,
  ResolveComment,
  SetPosition,
  SetStatus,
  StateOfPlaySchema,
} from './schema.js'

const auth = [requireUser]
const base = '/{conferenceId}/declarations/{declarationId}'

const routes = {
  paragraphs: createRoute({
    summary: "List the draft's paragraphs",
    description:
      'Every top-level block of the draft as the server reads it: id, kind, working label, its text as segments (clean runs and proposals, each with its delegation and alternative), a rendering with brackets, and the proposals. `text` runs every word together, alternatives included: read `segments` or `bracketed`.',
    method: 'get',
    path: `${base}/paragraphs`,
    middleware: auth,
    request: { params: DeclarationParams },
    responses: {
      200: json(z.array(ParagraphSchema), 'The paragraphs of the draft'),
      ...errorResponses,
    },
  }),
  stateOfPlay: createRoute({
    summary: 'Read the state of play',
    description:
      "Where the whole declaration stands, paragraph by paragraph: id, label, status (with an override's reason when agreed over objections), the consensus summary, open brackets and objections. What the shared mirror holds, as one read: the secretariat at every stage; delegates once the draft circulates (from negotiating on); never observers.",
    method: 'get',
    path: `${base}/state`,
    middleware: auth,
    request: { params: DeclarationParams },
    responses: {
      200: json(StateOfPlaySchema, 'Every paragraph of the draft, in order'),
      ...errorResponses,
    },
  }),
  positionsGrid: createRoute({
    summary: 'Read the positions grid',
    description:
      'Every delegation\'s current position on every paragraph (delegation × paragraph), with who recorded it and when; `recordedBy: "secretariat"` marks a position the secretariat recorded on the delegation\'s behalf. Read as the state of play is: the secretariat always, delegates from negotiating on, never observers.',
    method: 'get',
    path: `${base}/positions`,
    middleware: auth,
    request: { params: DeclarationParams },
    responses: {
      200: json(PositionsGridSchema, 'The delegations, the paragraphs and the positions'),
      ...errorResponses,
    },
  }),
  comments: createRoute({
    summary: 'List the comments',
    description:
      "Shared comments, and your own delegation's internal ones. Other delegations' internal comments are never listed.",
    method: 'get',
    path: `${base}/comments`,
    middleware: auth,
    request: { params: DeclarationParams },
    responses: {
      200: json(z.array(CommentSchema), "Shared comments and your delegation's internal ones"),
      ...errorResponses,
    },
  }),
  addComment: createRoute({
    summary: 'Comment on a paragraph',
    description:
      '`visibility: "all"` for every participant, `"delegation"` for your delegation only. Optionally a reply (`parentId`).',
    method: 'post',
    path: `${base}/comments`,
    middleware: auth,
    request: { params: DeclarationParams, ...jsonBody(CreateComment) },
    responses: { 201: json(Created, 'Created'), ...errorResponses },
  }),
  editComment: createRoute({
    summary: 'Edit my comment',
    description:
      "Only its author, while the text is negotiated (not in drafting, silence or once adopted). Another delegation's internal comment answers 404.",
    method: 'patch',
    path: `${base}/comments/{commentId}`,
    middleware: auth,
    request: { params: CommentParams, ...jsonBody(EditComment) },
    responses: { 200: json(Done, 'Edited'), ...errorResponses },
  }),
  deleteComment: createRoute({
    summary: 'Delete my comment',
    description:
      'Only its author, while the text is negotiated. The comment stays in its thread, marked deleted, with no text; deleting it again is a conflict (409).',
    method: 'delete',
    path: `${base}/comments/{commentId}`,
    middleware: auth,
    request: { params: CommentParams },
    responses: { 200: json(Done, 'Deleted'), ...errorResponses },
  }),
  resolveComment: createRoute({
    summary: 'Resolve or reopen a comment thread',
    description:
      'Its author or their delegation; the secretariat for shared comments. Only while the text is negotiated.',
    method: 'put',
    path: `${base}/comments/{commentId}/resolved`,
    middleware: auth,
    request: { params: CommentParams, ...jsonBody(ResolveComment) },
    responses: { 200: json(Done, 'Resolved or reopened'), ...errorResponses },
  }),
  setPosition: createRoute({
    summary: "State a delegation's position on a paragraph",
    description:
      'A delegate, for their own delegation: support, flexible, reservation, objection, or amendment with text, with an optional note. The secretariat records a position stated in the room on a delegation\'s behalf, naming it (`delegation`: its code, or `delegationId`); the record is marked `recordedBy: "secretariat"` and audited. Every change is kept. Only deciding delegations\' objections block consensus.',
    method: 'put',
    path: `${base}/positions`,
    middleware: auth,
    request: { params: DeclarationParams, ...jsonBody(SetPosition) },
    responses: { 200: json(Done, 'Position recorded'), ...errorResponses },
  }),
  positionHistory: createRoute({
    summary: 'Read every position on a paragraph',
    description:
      "Every delegation's positions on the paragraph, oldest first, with who stated each.",
    method: 'get',
    path: `${base}/paragraphs/{paragraphId}/positions`,
    middleware: auth,
    request: { params: ParagraphParams },
    responses: {
      200: json(PositionHistorySchema, 'Every position taken, newest first'),
      ...errorResponses,
    },
  }),
  setStatus: createRoute({
    summary: "Set a paragraph's status",
    description:
      "The secretariat: open, agreed ad referendum, agreed, or agreed pending a delegation. An agreed paragraph is locked in the draft. A paragraph with open brackets is not agreed (409, naming them: decide each proposal first); over deciding delegations' objections only with `override: { reason }`, which is recorded and shown with the status.",
    method: 'put',
    path: `${base}/statuses`,
    middleware: auth,
    request: { params: DeclarationParams, ...jsonBody(SetStatus) },
    responses: { 200: json(Done, 'Status set'), ...errorResponses },
  }),
  proposalDecisions: createRoute({
    summary: 'List the proposal decisions',
    description:
      "The secretariat's decisions on bracketed proposals: accepted or rejected, by whom and when.",
    method: 'get',
    path: `${base}/proposal-decisions`,
    middleware: auth,
    request: { params: DeclarationParams },
    responses: {
      200: json(ProposalDecisionsSchema, 'Every decision on a proposal, newest first'),
      ...errorResponses,
    },
  }),
  decideProposal: createRoute({
    summary: 'Accept or reject a proposal',
    description:
      'The secretariat. Accepting turns the bracketed words into clean text; rejecting removes them. The paragraph must be open.',
    method: 'post',
    path: `${base}/proposal-decisions`,
    middleware: auth,
    request: { params: DeclarationParams, ...jsonBody(DecideProposal) },
    responses: { 200: json(Done, 'Decided and applied to the draft'), ...errorResponses },
  }),
}

/** The declaration and the caller as an actor in its conference; 404 for non-members. */
async function context(
  c: Context<AppEnv>,
  conferenceId: string,
  declarationId: string,
): Promise<{ d: Declaration; actor: Actor }> {
  const { negotiation, conferences } = c.var.services
  const user = c.var.user!
  const membership = (await conferences.membershipsOf(user.id)).find(
    (m) => m.conferenceId === conferenceId,
  )
  if (!membership) throw new ApiError('not_found', 'no such declaration')
  const d = await negotiation.declaration(conferenceId, declarationId)
  return {
    d,
    actor: { userId: user.id, role: membership.role, delegationId: membership.delegationId },
  }
}

/**
 * The delegation a request names, by id or by code, or null when it names none. Codes match
 * exactly (a case change or another spelling is no delegation: 404), so nothing is guessed.
 */
async function namedDelegation(
  c: Context<AppEnv>,
  conferenceId: string,
  delegationId: string | undefined,
  code: string | undefined,
): Promise<string | null> {
  if (code === undefined) return delegationId ?? null
  const found = (await c.var.services.conferences.delegations(conferenceId)).find(
    (x) => x.code === code,
  )
  if (!found) throw new ApiError('not_found', `no delegation ${code} in this conference`)
  if (delegationId !== undefined && delegationId !== found.id)
    throw new ApiError('invalid_request', '`delegation` and `delegationId` name two delegations')
  return found.id
}

/**
 * The state of play and the positions grid are what the shared mirror holds, read at once; so
 * whoever may open the shared mirror may read them (docs/architecture.md, "Reads of the state
 * of play").
 */
async function authorizeMirrorRead(c: Context<AppEnv>, d: Declaration): Promise<void> {
  await authorizeAction(
    c,
    {
      type: 'document',
      document: { kind: 'shared', conferenceId: d.conferenceId, declarationId: d.id },
    },
    'open',
    d.stage,
  )
}

/** Reading the negotiation requires being able to open the draft. */
async function authorizeRead(c: Context<AppEnv>, d: Declaration): Promise<void> {
  await authorizeAction(
    c,
    {
      type: 'document',
      document: { kind: 'draft', conferenceId: d.conferenceId, declarationId: d.id },
    },
    'open',
    d.stage,
  )
}

/**
 * Asks the policy whether the caller may take `command` on an existing comment, in the
 * declaration's stage. A comment the caller may not even see (another delegation's internal
 * one) is answered 404, as if it did not exist, before any other answer.
 */
async function authorizeComment(
  c: Context<AppEnv>,
  d: Declaration,
  commentId: string,
  command: Extract<Command, 'comment.edit' | 'comment.delete' | 'comment.resolve'>,
): Promise<void> {
  const { negotiation, conferences } = c.var.services
  const row = await negotiation.threads.comment(d, commentId)
  const resource: Resource = {
    type: 'comment',
    conferenceId: d.conferenceId,
    visibility: row.visibility === 'delegation' ? 'delegation' : 'all',
    authorUserId: row.author_user_id,
    authorDelegationId: row.author_delegation_id,
  }
  const memberships = await conferences.membershipsOf(c.var.user!.id)
  if (decideAccess({ memberships, resource, stage: d.stage, action: 'view' }) === 'deny')
    throw new ApiError('not_found', 'no such comment')
  await authorizeAction(c, resource, command, d.stage)
}

/** /api/conferences/:id/declarations/:id/…: comments, positions, statuses, proposal decisions. */
export function negotiationRoutes() {
  return new OpenAPIHono<AppEnv>()
    .openapi(routes.paragraphs, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d } = await context(c, conferenceId, declarationId)
      await authorizeRead(c, d)
      return c.json(await c.var.services.negotiation.structuredParagraphs(d), 200)
    })
    .openapi(routes.stateOfPlay, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d } = await context(c, conferenceId, declarationId)
      await authorizeMirrorRead(c, d)
      const paragraphs = await c.var.services.negotiation.stateOfPlay.paragraphs(d)
      return c.json(
        {
          declaration: { id: d.id, title: d.title, stage: d.stage },
          paragraphs: paragraphs.map((p) => ({ ...p, status: p.status as ParagraphStatus })),
        },
        200,
      )
    })
    .openapi(routes.positionsGrid, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d } = await context(c, conferenceId, declarationId)
      await authorizeMirrorRead(c, d)
      return c.json(await c.var.services.negotiation.stateOfPlay.grid(d), 200)
    })
    .openapi(routes.comments, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d, actor } = await context(c, conferenceId, declarationId)
      await authorizeRead(c, d)
      const { negotiation } = c.var.services
      const present = new Set((await negotiation.paragraphs(d)).map((p) => p.id))
      const comments = await negotiation.comments(d, actor.delegationId)
      return c.json(
        comments.map((comment) => ({ ...comment, orphaned: !present.has(comment.paragraphId) })),
        200,
      )
    })
    .openapi(routes.addComment, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d, actor } = await context(c, conferenceId, declarationId)
      const body = c.req.valid('json')
      const resource: Resource =
        body.visibility === 'delegation' && actor.delegationId
          ? { type: 'delegation', conferenceId, delegationId: actor.delegationId }
          : { type: 'declaration', conferenceId }
      await authorizeAction(c, resource, 'comment.create', d.stage)
      const id = await c.var.services.negotiation.addComment(d, actor, body)
      return c.json({ id }, 201)
    })
    .openapi(routes.editComment, async (c) => {
      const { conferenceId, declarationId, commentId } = c.req.valid('param')
      const { d, actor } = await context(c, conferenceId, declarationId)
      await authorizeComment(c, d, commentId, 'comment.edit')
      await c.var.services.negotiation.changeComment(d, actor, commentId, c.req.valid('json'))
      return c.json({ ok: true as const }, 200)
    })
    .openapi(routes.deleteComment, async (c) => {
      const { conferenceId, declarationId, commentId } = c.req.valid('param')
      const { d, actor } = await context(c, conferenceId, declarationId)
      await authorizeComment(c, d, commentId, 'comment.delete')
      await c.var.services.negotiation.changeComment(d, actor, commentId, { deleted: true })
      return c.json({ ok: true as const }, 200)
    })
    .openapi(routes.resolveComment, async (c) => {
      const { conferenceId, declarationId, commentId } = c.req.valid('param')
      const { d, actor } = await context(c, conferenceId, declarationId)
      await authorizeComment(c, d, commentId, 'comment.resolve')
      await c.var.services.negotiation.resolveComment(
        d,
        actor,
        commentId,
        c.req.valid('json').resolved,
      )
      return c.json({ ok: true as const }, 200)
    })
    .openapi(routes.setPosition, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d, actor } = await context(c, conferenceId, declarationId)
      const { delegation, ...body } = c.req.valid('json')
      const named = await namedDelegation(c, conferenceId, body.delegationId, delegation)
      const delegationId = named ?? actor.delegationId
      if (!delegationId) {
        if (actor.role === 'secretariat')
          throw new ApiError(
            'invalid_request',
            'name the delegation whose position you record (`delegation`, its code)',
          )
        throw new ApiError('forbidden', 'only delegations take positions')
      }
      // A delegate only for its own delegation; the secretariat on any delegation's behalf.
      await authorizeAction(
        c,
        { type: 'delegation', conferenceId, delegationId },
        'position.set',
        d.stage,
      )
      await c.var.services.negotiation.setPosition(d, actor, { ...body, delegationId })
      return c.json({ ok: true as const }, 200)
    })
    .openapi(routes.positionHistory, async (c) => {
      const { conferenceId, declarationId, paragraphId } = c.req.valid('param')
      const { d } = await context(c, conferenceId, declarationId)
      await authorizeRead(c, d)
      return c.json(await c.var.services.negotiation.positionHistory(d, paragraphId), 200)
    })
    .openapi(routes.setStatus, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d, actor } = await context(c, conferenceId, declarationId)
      await authorizeAction(
        c,
        { type: 'declaration', conferenceId },
        'paragraph.setStatus',
        d.stage,
      )
      await c.var.services.negotiation.setStatus(d, actor, c.req.valid('json'))
      return c.json({ ok: true as const }, 200)
    })
    .openapi(routes.proposalDecisions, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d } = await context(c, conferenceId, declarationId)
      await authorizeRead(c, d)
      return c.json(await c.var.services.negotiation.proposalDecisions(d), 200)
    })
    .openapi(routes.decideProposal, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d, actor } = await context(c, conferenceId, declarationId)
      await authorizeAction(c, { type: 'declaration', conferenceId }, 'proposal.decide', d.stage)
      await c.var.services.negotiation.decideProposal(d, actor, c.req.valid('json'))
      return c.json({ ok: true as const }, 200)
    })
}
