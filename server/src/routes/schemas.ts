import { ROLES, STAGES } from '@accord/protocol'
import { z } from '@hono/zod-openapi'

/** Schemas shared by several resources. */
export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error')

export const IdParam = z.string().regex(/^[a-z0-9]{1,40}$/, 'not an id')

export const UserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), isOperator: z.boolean() })
  .openapi('User')

export const RoleSchema = z.enum(ROLES)
export const StageSchema = z.enum(STAGES)

export const MembershipSchema = z
  .object({
    conferenceId: z.string(),
    role: RoleSchema,
    delegationId: z.string().nullable(),
    decides: z.boolean(),
  })
  .openapi('Membership')

export const Email = z.string().trim().toLowerCase().email().max(254)
export const Password = z.string().min(12).max(256)
/**
 * Characters that hide or reorder what a reader sees: controls, bidirectional embeddings,
 * overrides, isolates and marks, and zero-width characters. In a name they let one party pass
 * for another ("Secretariat" followed by U+202E reads differently to others than it is stored).
 */
export const HIDDEN_CHARACTERS =
  /[\p{Cc}\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/u

/** A name people read (a person, a conference, a delegation): NFC, trimmed, nothing hidden. */
export const Name = z
  .string()
  .normalize('NFC')
  .trim()
  .min(1)
  .max(120)
  .refine((name) => !HIDDEN_CHARACTERS.test(name), {
    message: 'must not contain control, invisible or direction-changing characters',
  })

/** The standard error responses of an authenticated route. */
export const errorResponses = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorSchema } } },
  401: { description: 'Not signed in', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not allowed', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
} as const

/** A JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } } as const
}

/** A JSON response. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const
}
