import { z } from '@hono/zod-openapi'
import { IdParam } from '../schemas.js'

export const RevisionParams = z.object({
  conferenceId: IdParam,
  declarationId: IdParam,
  revisionId: IdParam,
})

export const IssueRevision = z
  .object({ name: z.string().normalize('NFC').trim().min(1).max(60).optional() })
  .openapi('IssueRevision')

export const CompareQuery = z.object({
  from: IdParam,
  /** A revision id, or `current` for the text as it stands. */
  to: z.union([IdParam, z.literal('current')]),
})

const RevisionParagraphSchema = z.object({
  id: z.string(),
  kind: z.string(),
  label: z.string(),
  text: z.string(),
  bracketed: z.string(),
  proposals: z.array(
    z.object({
      id: z.string(),
      delegation: z.string(),
      action: z.string(),
      alternative: z.number().nullable(),
      text: z.string(),
    }),
  ),
  status: z.string(),
  pendingDelegation: z.string().nullable(),
})

export const RevisionSchema = z
  .object({
    id: z.string(),
    number: z.number(),
    name: z.string(),
    createdAt: z.number(),
    createdBy: z.string(),
    historyHead: z.string().nullable(),
    historyLength: z.number(),
    paragraphs: z.array(RevisionParagraphSchema),
  })
  .openapi('Revision')

export const ComparisonSchema = z
  .object({
    from: z.object({ id: z.string(), name: z.string() }),
    to: z.object({ id: z.string(), name: z.string() }),
    paragraphs: z.array(
      z.object({
        id: z.string(),
        change: z.enum(['added', 'deleted', 'changed', 'unchanged']),
        moved: z.boolean(),
        kind: z.string(),
        fromLabel: z.string().nullable(),
        toLabel: z.string().nullable(),
        fromStatus: z.string().nullable(),
        toStatus: z.string().nullable(),
        words: z.array(z.object({ value: z.string(), added: z.boolean(), removed: z.boolean() })),
      }),
    ),
  })
  .openapi('Comparison')
