import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { setCookie } from 'hono/cookie'
import { hashPassword } from '../../auth/passwords.js'
import { Accounts } from '../../directory/Accounts.js'
import { Conferences } from '../../directory/Conferences.js'
import { ApiError } from '../../errors.js'
import { SESSION_COOKIE } from '../../middleware/sessionAuth.js'
import type { AppEnv } from '../../services.js'
import { errorResponse, errorResponses, json, jsonBody } from '../schemas.js'
import { Accepted, AcceptInvitation, InvitationLookup, InvitationSchema } from './schema.js'

// A POST with the token in the body, not a GET with it in the path: paths are logged, and an
// invitation token in a log is an invitation anyone reading the log can claim.
const peek = createRoute({
  // Public: no session is needed.
  security: [],
  summary: 'Look at an invitation',
  description:
    'No account needed. What the invitation grants (conference, role, delegation), without using it.',
  method: 'post',
  path: '/lookup',
  request: jsonBody(InvitationLookup),
  responses: { 200: json(InvitationSchema, 'What the invitation grants'), ...errorResponses },
})

const invitationGone = {
  410: errorResponse(
    '`invitation_expired`: the invitation was used or has expired; ask for a new one',
  ),
} as const

const accept = createRoute({
  // Public: no session is needed.
  security: [],
  summary: 'Accept an invitation',
  description:
    'No account needed. Creates the account, uses the invitation and adds the membership in one step; signs in. A used or expired invitation answers 410.',
  method: 'post',
  path: '/accept',
  request: jsonBody(AcceptInvitation),
  responses: {
    201: json(Accepted, 'Account and membership created; signed in'),
    ...errorResponses,
    ...invitationGone,
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
      const { db, conferences, sessions, audit, secureCookies } = c.var.services
      const invitation = await conferences.peekInvitation(token)
      if (!invitation)
        throw new ApiError(
          'not_found',
          'this invitation does not exist, has been used or has expired',
        )
      if (invitation.email && invitation.email !== email) {
        throw new ApiError('forbidden', 'this invitation is for another email address')
      }
      // The account, the claim and the membership happen together or not at all: of several
      // accepts of one invitation at once, one creates an account and the others create nothing.
      // The hash comes first, outside the transaction, which must never wait on it.
      const passwordHash = await hashPassword(password)
      const { user, grant } = await db.transaction().execute(async (trx) => {
        const created = await new Accounts(trx, sessions).create({
          email,
          name,
          password,
          passwordHash,
        })
        const inTrx = new Conferences(trx)
        const claimed = await inTrx.claimInvitation(token, created.id)
        await inTrx.addMember(claimed.conferenceId, created.id, claimed.role, claimed.delegationId)
        return { user: created, grant: claimed }
      })
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
