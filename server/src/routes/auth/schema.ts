import { z } from '@hono/zod-openapi'
import { Email, MembershipSchema, Name, Password, UserSchema } from '../schemas.js'

export const LoginRequest = z
  .object({
    email: Email,
    password: z.string().min(1).max(256),
    /** `cookie` for the web client (HttpOnly cookie), `bearer` for desktop and tools (token in the body). */
    mode: z.enum(['cookie', 'bearer']).default('cookie'),
  })
  .openapi('LoginRequest')

export const LoginResponse = z
  .object({ user: UserSchema, token: z.string().optional(), expiresAt: z.number() })
  .openapi('LoginResponse')

export const MeResponse = z
  .object({ user: UserSchema, memberships: z.array(MembershipSchema) })
  .openapi('Me')

export const ChangePasswordRequest = z
  .object({ currentPassword: z.string().min(1).max(256), newPassword: Password })
  .openapi('ChangePasswordRequest')

export const SignedOut = z.object({ ended: z.number() }).openapi('SignedOut')

export { Name }
