import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { setCookie } from 'hono/cookie'
import { ApiError } from '../../errors.js'
import { SESSION_COOKIE } from '../../middleware/sessionAuth.js'
import type { AppEnv } from '../../services.js'
import { errorResponses, json, jsonBody } from '../schemas.js'
import { Accepted, AcceptInvitation, InvitationLookup, InvitationSchema } from './schema.js'

// A POST with the token in the body, not a GET with it in the path: paths are logged, and an
// invitation token in a log is an invitation anyone reading the log can claim.
const peek = createRoute({
  method: 'post',
  path: '/lookup',
  request: jsonBody(InvitationLookup),
  responses: { 200: json(InvitationSchema, 'What the invitation grants'), ...errorResponses },
})

const accept = createRoute({
  method: 'post',
  path: '/accept',
  request: jsonBody(AcceptInvitation),
  responses: {
    201: json(Accepted, 'Account and membership created; signed in'),
    ...errorResponses,
  },
})

/** /api/invitations: look at and accept single-use invitation links. */
export function invitationRoutes() {
  return new OpenAPIHono<AppEnv>()
    .openapi(peek, async (c) => {
      const { conferences } = c.var.services
      const invitation = await conferences.peekInvitation(c.req.valid('json').token)
      if (!invitation)
        throw new ApiError(
          'not_found',
          'this invitation does not exist, has been used or has expired',
        )
      const conference = await conferences.get(invitation.conferenceId)
      const delegation = invitation.delegationId
        ? (await conferences.delegation(invitation.conferenceId, invitation.delegationId)).code
        : null
      return c.json(
        {
          conferenceId: conference.id,
          conferenceName: conference.name,
          role: invitation.role,
          delegation,
        },
        200,
      )
    })
    .openapi(accept, async (c) => {
      const { token, name, email, password, mode } = c.req.valid('json')
      const { accounts, conferences, sessions, audit, secureCookies } = c.var.services
      const invitation = await conferences.peekInvitation(token)
      if (!invitation)
        throw new ApiError(
          'not_found',
          'this invitation does not exist, has been used or has expired',
        )
      if (invitation.email && invitation.email !== email) {
        throw new ApiError('forbidden', 'this invitation is for another email address')
      }
      const user = await accounts.create({ email, name, password })
      const grant = await conferences.claimInvitation(token, user.id)
      await conferences.addMember(grant.conferenceId, user.id, grant.role, grant.delegationId)
      await audit.record({
        actorUserId: user.id,
        action: 'invitation.accept',
        outcome: 'ok',
        conferenceId: grant.conferenceId,
        detail: { role: grant.role, delegationId: grant.delegationId },
      })
      const session = await sessions.create(user.id, mode)
      if (mode === 'cookie') {
        setCookie(c, SESSION_COOKIE, session.token, {
          httpOnly: true,
          sameSite: 'Lax',
          secure: secureCookies,
          path: '/',
        })
        return c.json({ user, conferenceId: grant.conferenceId }, 201)
      }
      return c.json({ user, conferenceId: grant.conferenceId, token: session.token }, 201)
    })
}
