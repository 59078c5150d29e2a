import { type Action, accessDecision, type Resource, type Stage } from '@accord/protocol'
import type { Context } from 'hono'
import { ApiError } from '../errors.js'
import type { AppEnv } from '../services.js'

function conferenceOf(resource: Resource): string {
  return resource.type === 'document' ? resource.document.conferenceId : resource.conferenceId
}

/**
 * Asks the access policy whether the signed-in user may take `action` on `resource`; throws
 * 403 (and audits the denial) when not, with the policy's reason: who may, or when. Returns the
 * access granted.
 */
export async function authorizeAction(
  c: Context<AppEnv>,
  resource: Resource,
  action: Action,
  stage: Stage | null = null,
): Promise<'read' | 'write'> {
  const user = c.var.user
  if (!user) throw new ApiError('unauthenticated', 'sign in first')
  const { conferences, audit } = c.var.services
  const memberships = await conferences.membershipsOf(user.id)
  const decision = accessDecision({ memberships, resource, stage, action, userId: user.id })
  if (decision.access === 'deny') {
    await audit.record({
      actorUserId: user.id,
      action,
      outcome: 'denied',
      conferenceId: conferenceOf(resource),
      target: resource.type,
      // An attempt on a delegation's internal comment belongs to that delegation (issue #11).
      detail:
        resource.type === 'comment' && resource.visibility === 'delegation'
          ? { internalTo: resource.authorDelegationId }
          : {},
    })
    throw new ApiError('forbidden', decision.reason)
  }
  return decision.access
}

/** Requires the operator (server administrator). */
export function requireOperator(c: Context<AppEnv>): void {
  if (!c.var.user?.isOperator) throw new ApiError('forbidden', 'only the operator may do this')
}
