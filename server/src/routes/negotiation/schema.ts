import { PARAGRAPH_STATUSES, POSITION_VALUES, STAGES } from '@accord/protocol'
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

/** A proposal's attributes, as a run of text carries them. */
const ProposalMarkSchema = z.object({
  id: z.string(),
  delegation: z.string(),
  action: z.enum(['insert', 'delete']),
  /** 1, 2 …: the "Alt 1 / Alt 2" group the proposal belongs to; null for a plain bracket. */
  alternative: z.number().nullable(),
})

export const SegmentSchema = z
  .object({
    text: z.string(),
    /** The proposal (bracket) this run belongs to; null for clean text. */
    proposal: ProposalMarkSchema.nullable(),
  })
  .openapi('Segment')

export const ParagraphSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    label: z.string(),
    /**
     * Every word of the paragraph run together, proposals (and every alternative) included: for
     * searching, not for reading. Read `segments` or `bracketed`.
     */
    text: z.string(),
    proposals: z.array(ProposalSchema),
    /** The text in reading order: clean runs and proposals, each with its delegation. */
    segments: z.array(SegmentSchema),
    /** The text with each proposal in brackets: `[Alt 1 BRA: …]`, `[DEU delete: …]`. */
    bracketed: z.string(),
  })
  .openapi('Paragraph')

const ConsensusSchema = z
  .object({
    ready: z.boolean(),
    blockedBy: z.array(z.string()),
    amendmentsBy: z.array(z.string()),
    waitingFor: z.array(z.string()),
    openProposals: z.number(),
    advisory: z.array(
      z.object({ delegation: z.string(), decides: z.boolean(), value: z.enum(POSITION_VALUES) }),
    ),
  })
  .openapi('Consensus')

const OverrideSchema = z
  .object({ reason: z.string(), objections: z.array(z.string()) })
  .openapi('StatusOverride')

export const StateOfPlaySchema = z
  .object({
    declaration: z.object({ id: z.string(), title: z.string(), stage: z.enum(STAGES) }),
    paragraphs: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        label: z.string(),
        status: z.enum(PARAGRAPH_STATUSES),
        /** For `pending`: the delegation (code) the agreement waits for. */
        pendingDelegation: z.string().nullable(),
        statusSetAt: z.number().nullable(),
        /** Set when the secretariat agreed the paragraph over objections. */
        override: OverrideSchema.nullable(),
        consensus: ConsensusSchema,
        openBrackets: z.number(),
        objections: z.array(z.object({ delegation: z.string(), decides: z.boolean() })),
      }),
    ),
  })
  .openapi('StateOfPlay')

const RecordedBySchema = z.enum(['delegation', 'secretariat'])

export const PositionsGridSchema = z
  .object({
    delegations: z.array(
      z.object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        kind: z.string(),
        decides: z.boolean(),
      }),
    ),
    paragraphs: z.array(z.object({ id: z.string(), kind: z.string(), label: z.string() })),
    /** One entry per delegation and paragraph that has a position; no entry: none yet. */
    positions: z.array(
      z.object({
        paragraphId: z.string(),
        delegation: z.string(),
        value: z.enum(POSITION_VALUES),
        amendment: z.string().nullable(),
        note: z.string().nullable(),
        setBy: z.string(),
        /** `secretariat` when the secretariat recorded it on the delegation's behalf. */
        recordedBy: RecordedBySchema,
        setAt: z.number(),
      }),
    ),
  })
  .openapi('PositionsGrid')

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

/** A delegation's code as the conference spells it (JPN, EU, B20); matched exactly. */
const DelegationCode = z
  .string()
  .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'a delegation code exactly as the conference spells it (JPN)')

export const SetPosition = z
  .object({
    paragraphId: ParagraphId,
    /**
     * The delegation whose position this is, by id; the caller's own when omitted. The
     * secretariat names the delegation it records a position for (this, or `delegation`).
     */
    delegationId: IdParam.optional(),
    /** The same, by code (JPN). Matched exactly: another case or spelling is no delegation. */
    delegation: DelegationCode.optional(),
    value: z.enum(POSITION_VALUES),
    /** The proposed text, for an amendment. */
    amendment: readableText({ min: 0, max: 10_000, multiline: true }).nullable().default(null),
    note: readableText({ min: 0, max: 2_000, multiline: true }).nullable().default(null),
  })
  .openapi('SetPosition')

export const PositionHistorySchema = z
  .array(
    z.object({
      delegation: z.string(),
      value: z.enum(POSITION_VALUES),
      amendment: z.string().nullable(),
      note: z.string().nullable(),
      /** Who recorded it (a person's name). */
      setBy: z.string(),
      /** `secretariat` when the secretariat recorded it on the delegation's behalf. */
      recordedBy: z.enum(['delegation', 'secretariat']),
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
    /**
     * To agree a paragraph over deciding delegations' objections: why. Recorded with the status
     * (the status history, the audit log, the shared mirror) and shown to everyone.
     */
    override: z
      .object({ reason: readableText({ min: 1, max: 2_000, multiline: true }) })
      .nullable()
      .default(null),
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
