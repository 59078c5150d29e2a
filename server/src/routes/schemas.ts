import {
  describeHiddenCharacter,
  findHiddenCharacter,
  normalizeReadableText,
  ROLES,
  STAGES,
} from '@accord/protocol'
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
 * Readable text: NFC, trimmed, between `min` and `max` characters, and free of what hides or
 * reorders what a reader sees (controls, bidirectional embeddings, overrides and isolates; in a
 * single line also invisible marks and zero-width characters). In a name they let one party pass
 * for another ("Secretariat" followed by U+202E reads differently to others than it is stored);
 * in a comment they turn the words after them around. The error names the character and its
 * place. One check, `findHiddenCharacter` in packages/protocol, serves every field.
 */
export function readableText({
  min,
  max,
  multiline,
}: {
  min: number
  max: number
  multiline: boolean
}) {
  const rules = { multiline }
  return z
    .string()
    .overwrite((text) => normalizeReadableText(text, rules))
    .trim()
    .min(min)
    .max(max)
    .superRefine((text, ctx) => {
      const found = findHiddenCharacter(text, rules)
      if (found) ctx.addIssue({ code: 'custom', message: describeHiddenCharacter(found, rules) })
    })
}

/** A name people read (a person, a conference, a delegation): NFC, trimmed, nothing hidden. */
export const Name = readableText({ min: 1, max: 120, multiline: false })

export const errorResponse = (description: string) =>
  ({ description, content: { 'application/json': { schema: ErrorSchema } } }) as const

/**
 * The error responses every route can give, each with the `error.code`s it carries (the one
 * vocabulary is `API_ERROR_STATUS` in packages/protocol).
 */
export const errorResponses = {
  400: errorResponse(
    '`invalid_request`: the body, a parameter or the query failed validation; the message names each field',
  ),
  401: errorResponse(
    '`unauthenticated`: not signed in, or the session ended; `invalid_credentials` at sign-in',
  ),
  403: errorResponse(
    '`forbidden`: the role, delegation or stage does not allow it (the message says who may); `csrf_rejected` for a cross-site request',
  ),
  404: errorResponse('`not_found`: no such resource, or none the user may see'),
  409: errorResponse(
    '`conflict`: the current state does not allow it (the message says what to change first)',
  ),
  413: errorResponse('`payload_too_large`: the body is over 64 KiB'),
  415: errorResponse(
    '`unsupported_media_type`: send the body as JSON, with Content-Type: application/json',
  ),
  500: errorResponse('`internal`: an error on the server; nothing was changed'),
  503: errorResponse(
    '`unavailable`: the server could not store the change in the live documents; try again after `Retry-After` seconds',
  ),
  507: errorResponse(
    "`document_full`: a live document of the declaration reached the relay's size limit; nothing was changed",
  ),
} as const

/** A JSON request body. */
export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } } as const
}

/** A JSON response. */
export function json<T extends z.ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } } as const
}
