import { PARAGRAPH_STATUSES, POSITION_VALUES } from '@accord/protocol'
import { z } from '@hono/zod-openapi'
import { IdParam, readableText } from '../schemas.js'

const ParagraphId = z.string().regex(/^[a-z0-9]{1,40}$/, 'not a paragraph id')
/** A comment's body: running text, with line breaks and tabs, nothing hidden (issue #11). */
const CommentBody = readableText({ min: 1, max: 10_000, multiline: true })

export const DeclarationParams = z.object({ conferenceId: IdParam, declarationId: IdParam })
export const CommentParams = z.object({
  conferenceId: IdParam,
  declarationId: IdParam,
  commentId: IdParam,
})
export const ParagraphParams = z.object({
  conferenceId: IdParam,
  declarationId: IdParam,
  paragraphId: ParagraphId,
})

export const ProposalSchema = z
  .object({
    id: z.string(),
    delegation: z.string(),
    action: z.enum(['insert', 'delete']),
    alternative: z.number().nullable(),
    text: z.string(),
  })
  .openapi('Proposal')

export const ParagraphSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    label: z.string(),
    text: z.string(),
    proposals: z.array(ProposalSchema),
  })
  .openapi('Paragraph')

export const CommentSchema = z
  .object({
    id: z.string(),
    paragraphId: z.string(),
    parentId: z.string().nullable(),
    author: z.string(),
    authorUserId: z.string(),
    delegation: z.string().nullable(),
    visibility: z.enum(['all', 'delegation']),
    body: z.string(),
    createdAt: z.number(),
    editedAt: z.number().nullable(),
    deleted: z.boolean(),
    resolved: z.boolean(),
    /** The paragraph no longer exists in the draft. */
    orphaned: z.boolean(),
  })
  .openapi('Comment')

export const CreateComment = z
  .object({
    paragraphId: ParagraphId,
    parentId: IdParam.nullable().default(null),
    /** `all`: every participant; `delegation`: the author's own delegation only. */
    visibility: z.enum(['all', 'delegation']),
    body: CommentBody,
  })
  .openapi('CreateComment')

export const EditComment = z.object({ body: CommentBody }).openapi('EditComment')
export const ResolveComment = z.object({ resolved: z.boolean() }).openapi('ResolveComment')

export const SetPosition = z
  .object({
    paragraphId: ParagraphId,
    /** The delegation whose position this is; the caller's own when omitted. */
    delegationId: IdParam.optional(),
    value: z.enum(POSITION_VALUES),
    /** The proposed text, for an amendment. */
    amendment: z.string().trim().max(10_000).nullable().default(null),
    note: z.string().trim().max(2_000).nullable().default(null),
  })
  .openapi('SetPosition')

export const PositionHistorySchema = z
  .array(
    z.object({
      delegation: z.string(),
      value: z.enum(POSITION_VALUES),
      amendment: z.string().nullable(),
      note: z.string().nullable(),
      setBy: z.string(),
      setAt: z.number(),
    }),
  )
  .openapi('PositionHistory')

export const SetStatus = z
  .object({
    paragraphId: ParagraphId,
    status: z.enum(PARAGRAPH_STATUSES),
    /** For `pending`: the delegation the agreement waits for. */
    pendingDelegationId: IdParam.nullable().default(null),
  })
  .openapi('SetStatus')

export const DecideProposal = z
  .object({
    paragraphId: ParagraphId,
    proposalId: z.string().min(1).max(64),
    decision: z.enum(['accepted', 'rejected']),
  })
  .openapi('DecideProposal')

export const ProposalDecisionsSchema = z
  .array(
    z.object({
      paragraphId: z.string(),
      proposalId: z.string(),
      delegation: z.string(),
      action: z.enum(['insert', 'delete']),
      /** The words the proposal covered when it was decided. */
      text: z.string(),
      decision: z.enum(['accepted', 'rejected']),
      decidedBy: z.string(),
      decidedAt: z.number(),
    }),
  )
  .openapi('ProposalDecisions')

export const Done = z.object({ ok: z.literal(true) }).openapi('Done')
export const Created = z.object({ id: z.string() }).openapi('Created')
