import type { Context } from 'hono'
import type { Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { AppEnv } from '../services.js'
import { authorizeAction } from './authorizeAction.js'

/** Who acts in a conference, as the outcome routes know it. */
export interface OutcomeActor {
  readonly userId: string
  readonly role: 'secretariat' | 'delegate' | 'observer'
  readonly delegationId: string | null
}

/** The declaration and the caller as a member of its conference; 404 for non-members. */
export async function declarationContext(
  c: Context<AppEnv>,
  conferenceId: string,
  declarationId: string,
): Promise<{ d: Declaration; actor: OutcomeActor }> {
  const { conferences } = c.var.services
  const user = c.var.user
  if (!user) throw new ApiError('unauthenticated', 'sign in first')
  const membership = (await conferences.membershipsOf(user.id)).find(
    (m) => m.conferenceId === conferenceId,
  )
  if (!membership) throw new ApiError('not_found', 'no such declaration')
  const d = await conferences.declaration(conferenceId, declarationId)
  if (!d) throw new ApiError('not_found', 'no such declaration')
  return {
    d,
    actor: { userId: user.id, role: membership.role, delegationId: membership.delegationId },
  }
}

/** Reading the negotiation's record requires being able to open the draft (not observers). */
export async function authorizeDraftRead(c: Context<AppEnv>, d: Declaration): Promise<void> {
  await authorizeAction(
    c,
    {
      type: 'document',
      document: { kind: 'draft', conferenceId: d.conferenceId, declarationId: d.id },
    },
    'open',
    d.stage,
  )
}

/** The secretariat's acts on a declaration (revisions, silence, adoption, publication). */
export async function authorizeSecretariat(c: Context<AppEnv>, d: Declaration): Promise<void> {
  await authorizeAction(
    c,
    { type: 'declaration', conferenceId: d.conferenceId },
    'declaration.setStage',
    d.stage,
  )
}
