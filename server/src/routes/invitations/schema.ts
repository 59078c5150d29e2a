import { z } from '@hono/zod-openapi'
import { Email, Name, Password, RoleSchema, UserSchema } from '../schemas.js'

export const InvitationToken = z
  .string()
  .regex(/^[a-z0-9]{1,40}\.[A-Za-z0-9_-]{20,100}$/, 'not an invitation token')

export const InvitationLookup = z.object({ token: InvitationToken }).openapi('InvitationLookup')

export const InvitationSchema = z
  .object({
    conferenceId: z.string(),
    conferenceName: z.string(),
    role: RoleSchema,
    delegation: z.string().nullable(),
  })
  .openapi('Invitation')

export const AcceptInvitation = z
  .object({
    token: InvitationToken,
    name: Name,
    email: Email,
    password: Password,
    mode: z.enum(['cookie', 'bearer']).default('cookie'),
  })
  .openapi('AcceptInvitation')

export const Accepted = z
  .object({ user: UserSchema, conferenceId: z.string(), token: z.string().optional() })
  .openapi('InvitationAccepted')
