import { z } from '@hono/zod-openapi'

const Reason = z.string().normalize('NFC').trim().min(1).max(2000)

export const StartSilence = z
  .object({
    /** When silence ends: an ISO 8601 time with its offset, or milliseconds since the epoch. */
    deadline: z.union([z.iso.datetime({ offset: true }), z.number().int().positive()]),
    message: Reason.optional(),
  })
  .openapi('StartSilence')

export const BreakSilence = z.object({ reason: Reason }).openapi('BreakSilence')

export const SilenceSchema = z
  .object({
    id: z.string(),
    state: z.enum(['running', 'broken', 'adopted', 'withdrawn', 'failed']),
    startedAt: z.number(),
    deadline: z.number(),
    message: z.string().nullable(),
    endedAt: z.number().nullable(),
    brokenBy: z.string().nullable(),
    reason: z.string().nullable(),
  })
  .openapi('Silence')
