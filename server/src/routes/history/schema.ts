import { VERIFY_ERROR_CODES } from '@accord/protocol'
import { z } from '@hono/zod-openapi'

export const HistoryEntrySchema = z
  .object({
    seq: z.number(),
    declarationId: z.string(),
    paragraphId: z.string(),
    status: z.string(),
    at: z.number(),
    prev: z.string().nullable(),
    payloadDigest: z.string(),
    hash: z.string(),
    payload: z.object({
      label: z.string(),
      kind: z.string(),
      text: z.string(),
      proposals: z.array(
        z.object({
          id: z.string(),
          delegation: z.string(),
          action: z.string(),
          alternative: z.number().nullable(),
          text: z.string(),
        }),
      ),
      pendingDelegation: z.string().nullable(),
      actor: z.object({ userId: z.string(), name: z.string() }),
    }),
  })
  .openapi('HistoryEntry')

export const HistorySchema = z
  .object({
    entries: z.array(HistoryEntrySchema),
    head: z.string().nullable(),
    verification: z.union([
      z.object({ ok: z.literal(true) }),
      z.object({ ok: z.literal(false), code: z.enum(VERIFY_ERROR_CODES), message: z.string() }),
    ]),
  })
  .openapi('History')
