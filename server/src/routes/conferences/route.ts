import { documentName, STAGE_TRANSITIONS } from '@accord/protocol'
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { AuditReaders } from '../../audit/AuditReaders.js'
import { ApiError } from '../../errors.js'
import { requireUser } from '../../middleware/sessionAuth.js'
import type { AppEnv } from '../../services.js'
import { authorizeAction, requireOperator } from '../authorizeAction.js'
import { errorResponses, json, jsonBody } from '../schemas.js'
import {
  AuditEntrySchema,
  AuditPage,
  ConferenceParams,
  ConferenceSchema,
  CreateConference,
  CreateDeclaration,
  CreateDelegation,
  CreateInvitation,
  DeclarationParams,
  DeclarationSchema,
  DelegationSchema,
  InvitationCreated,
  MemberParams,
  MemberSchema,
  Ok,
  SetStage,
} from './schema.js'

const auth = [requireUser]

const routes = {
  create: createRoute({
    summary: 'Create a conference',
    description:
      'Operator only. The conference starts with no delegations and no members; add delegations, then invite the secretariat.',
    method: 'post',
    path: '/',
    middleware: auth,
    request: jsonBody(CreateConference),
    responses: { 201: json(ConferenceSchema, 'Created'), ...errorResponses },
  }),
  list: createRoute({
    summary: 'List my conferences',
    description:
      'The conferences the signed-in user belongs to; every conference for the operator.',
    method: 'get',
    path: '/',
    middleware: auth,
    responses: {
      200: json(
        z.array(ConferenceSchema),
        'Conferences the user belongs to (all, for the operator)',
      ),
      ...errorResponses,
    },
  }),
  get: createRoute({
    summary: 'Read a conference',
    description: 'Any member of the conference, and the operator.',
    method: 'get',
    path: '/{conferenceId}',
    middleware: auth,
    request: { params: ConferenceParams },
    responses: { 200: json(ConferenceSchema, 'The conference'), ...errorResponses },
  }),
  addDelegation: createRoute({
    summary: 'Add a delegation',
    description:
      'The operator or the secretariat. `kind` decides whether its positions can block consensus: only `member` delegations decide; guests, organizations and stakeholder groups are advisory.',
    method: 'post',
    path: '/{conferenceId}/delegations',
    middleware: auth,
    request: { params: ConferenceParams, ...jsonBody(CreateDelegation) },
    responses: { 201: json(DelegationSchema, 'Created'), ...errorResponses },
  }),
  delegations: createRoute({
    summary: 'List the delegations',
    description: 'Every delegation of the conference, with its kind and whether it decides.',
    method: 'get',
    path: '/{conferenceId}/delegations',
    middleware: auth,
    request: { params: ConferenceParams },
    responses: { 200: json(z.array(DelegationSchema), 'Delegations'), ...errorResponses },
  }),
  members: createRoute({
    summary: 'List the members',
    description:
      'Current members with their role and delegation. Observers are not shown the list.',
    method: 'get',
    path: '/{conferenceId}/members',
    middleware: auth,
    request: { params: ConferenceParams },
    responses: { 200: json(z.array(MemberSchema), 'Current members'), ...errorResponses },
  }),
  removeMember: createRoute({
    summary: 'Remove a member',
    description:
      "The operator or the secretariat. The member's live connections are re-checked at once and closed or downgraded.",
    method: 'delete',
    path: '/{conferenceId}/members/{membershipId}',
    middleware: auth,
    request: { params: MemberParams },
    responses: { 200: json(Ok, 'Removed; live connections lose access'), ...errorResponses },
  }),
  invite: createRoute({
    summary: 'Invite someone',
    description:
      'The operator or the secretariat. Answers a single-use link, shown once: `/app/#/invitation/<token>`. Optionally bound to an email.',
    method: 'post',
    path: '/{conferenceId}/invitations',
    middleware: auth,
    request: { params: ConferenceParams, ...jsonBody(CreateInvitation) },
    responses: { 201: json(InvitationCreated, 'A single-use link; shown once'), ...errorResponses },
  }),
  createDeclaration: createRoute({
    summary: 'Create a declaration',
    description:
      'The secretariat. It starts in the `drafting` stage, where only the secretariat sees and writes the draft.',
    method: 'post',
    path: '/{conferenceId}/declarations',
    middleware: auth,
    request: { params: ConferenceParams, ...jsonBody(CreateDeclaration) },
    responses: {
      201: json(DeclarationSchema, 'Created, in the drafting stage'),
      ...errorResponses,
    },
  }),
  declarations: createRoute({
    summary: 'List the declarations',
    description:
      'The declarations of the conference: id, title and stage. Every member, observers included; no text is listed here (drafts are for the secretariat and delegates, published texts are on the portal).',
    method: 'get',
    path: '/{conferenceId}/declarations',
    middleware: auth,
    request: { params: ConferenceParams },
    responses: { 200: json(z.array(DeclarationSchema), 'Declarations'), ...errorResponses },
  }),
  setStage: createRoute({
    summary: 'Move a declaration to another stage',
    description:
      'The secretariat, along the allowed transitions (drafting ⇄ negotiating → silence → adopted, silence → negotiating). Live connections are re-checked with their new rights.',
    method: 'put',
    path: '/{conferenceId}/declarations/{declarationId}/stage',
    middleware: auth,
    request: { params: DeclarationParams, ...jsonBody(SetStage) },
    responses: { 200: json(DeclarationSchema, 'Stage changed'), ...errorResponses },
  }),
  audit: createRoute({
    summary: 'Read the audit log',
    description:
      "The operator (everything) or the secretariat (all but the entries about a delegation's internal comments); a delegate reads only the entries about their own delegation's internal comments. Newest first, up to `limit` (default 100) per page; pass `before` (an entry id) for the next page.",
    method: 'get',
    path: '/{conferenceId}/audit',
    middleware: auth,
    request: { params: ConferenceParams, query: AuditPage },
    responses: {
      200: json(z.array(AuditEntrySchema), 'Audit entries, newest first; page with `before`'),
      ...errorResponses,
    },
  }),
}

const conference = (conferenceId: string) => ({ type: 'conference', conferenceId }) as const

/** /api/conferences: conferences, delegations, members, invitations, declarations, audit. */
export function conferenceRoutes() {
  return new OpenAPIHono<AppEnv>()
    .openapi(routes.create, async (c) => {
      requireOperator(c)
      const created = await c.var.services.conferences.create(c.req.valid('json'))
      await c.var.services.audit.record({
        actorUserId: c.var.user!.id,
        action: 'conference.create',
        outcome: 'ok',
        conferenceId: created.id,
      })
      return c.json(created, 201)
    })
    .openapi(routes.list, async (c) => {
      const { conferences } = c.var.services
      const user = c.var.user!
      if (user.isOperator) return c.json(await conferences.list(), 200)
      const memberships = await conferences.membershipsOf(user.id)
      return c.json(await Promise.all(memberships.map((m) => conferences.get(m.conferenceId))), 200)
    })
    .openapi(routes.get, async (c) => {
      const { conferenceId } = c.req.valid('param')
      await authorizeAction(c, conference(conferenceId), 'view')
      return c.json(await c.var.services.conferences.get(conferenceId), 200)
    })
    .openapi(routes.addDelegation, async (c) => {
      const { conferenceId } = c.req.valid('param')
      await authorizeAction(c, conference(conferenceId), 'conference.manage')
      const body = c.req.valid('json')
      const delegation = await c.var.services.conferences.addDelegation(conferenceId, {
        ...body,
        decides: body.decides ?? body.kind === 'member',
      })
      await c.var.services.audit.record({
        actorUserId: c.var.user!.id,
        action: 'delegation.create',
        outcome: 'ok',
        conferenceId,
        target: delegation.code,
      })
      return c.json(delegation, 201)
    })
    .openapi(routes.delegations, async (c) => {
      const { conferenceId } = c.req.valid('param')
      await authorizeAction(c, conference(conferenceId), 'view')
      return c.json(await c.var.services.conferences.delegations(conferenceId), 200)
    })
    .openapi(routes.members, async (c) => {
      const { conferenceId } = c.req.valid('param')
      await authorizeAction(c, conference(conferenceId), 'conference.manage')
      return c.json(await c.var.services.conferences.members(conferenceId), 200)
    })
    .openapi(routes.removeMember, async (c) => {
      const { conferenceId, membershipId } = c.req.valid('param')
      await authorizeAction(c, conference(conferenceId), 'conference.manage')
      const { conferences, audit, relay } = c.var.services
      const userId = await conferences.removeMember(conferenceId, membershipId)
      await audit.record({
        actorUserId: c.var.user!.id,
        action: 'membership.remove',
        outcome: 'ok',
        conferenceId,
        target: userId,
      })
      // Takes effect on live connections now, not at their next reconnect.
      await relay.revalidate((connection) => connection.principal?.userId === userId)
      return c.json({ ok: true as const }, 200)
    })
    .openapi(routes.invite, async (c) => {
      const { conferenceId } = c.req.valid('param')
      const { role, delegationId, email, expiresInHours } = c.req.valid('json')
      // The operator assigns the secretariat; the secretariat invites delegates and observers.
      if (role === 'secretariat') requireOperator(c)
      else await authorizeAction(c, conference(conferenceId), 'conference.manage')
      const invitation = await c.var.services.conferences.invite(
        conferenceId,
        { role, delegationId, email, ttlMs: expiresInHours * 3_600_000 },
        c.var.user!.id,
      )
      await c.var.services.audit.record({
        actorUserId: c.var.user!.id,
        action: 'invitation.create',
        outcome: 'ok',
        conferenceId,
        target: invitation.id,
        detail: { role, delegationId },
      })
      const url = `${new URL(c.req.url).origin}/app/#/invitation/${invitation.token}`
      return c.json({ ...invitation, url }, 201)
    })
    .openapi(routes.createDeclaration, async (c) => {
      const { conferenceId } = c.req.valid('param')
      await authorizeAction(c, conference(conferenceId), 'conference.manage')
      const declaration = await c.var.services.conferences.createDeclaration(
        conferenceId,
        c.req.valid('json').title,
      )
      await c.var.services.audit.record({
        actorUserId: c.var.user!.id,
        action: 'declaration.create',
        outcome: 'ok',
        conferenceId,
        target: declaration.id,
      })
      return c.json(declaration, 201)
    })
    .openapi(routes.declarations, async (c) => {
      const { conferenceId } = c.req.valid('param')
      await authorizeAction(c, { type: 'declaration', conferenceId }, 'view')
      return c.json(await c.var.services.conferences.declarations(conferenceId), 200)
    })
    .openapi(routes.setStage, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { conferences, audit, relay } = c.var.services
      const current = await conferences.declaration(conferenceId, declarationId)
      await authorizeAction(
        c,
        { type: 'declaration', conferenceId },
        'declaration.setStage',
        current?.stage ?? null,
      )
      const { stage } = c.req.valid('json')
      if (!current) throw new ApiError('not_found', 'no such declaration')
      if (!STAGE_TRANSITIONS[current.stage].includes(stage)) {
        throw new ApiError(
          'conflict',
          `a declaration cannot move from ${current.stage} to ${stage}`,
        )
      }
      // #10: adoption is an act (checks, numbering, signed publication), never a bare stage change;
      // returning from silence ends a running procedure. Both change the stage themselves.
      // By decision; a running silence procedure ends as adopted with it.
      if (stage === 'adopted')
        await c.var.services.outcomes.silence.adoptByDecision(current, c.var.user!.id)
      else if (current.stage === 'silence')
        await c.var.services.outcomes.silence.withdraw(current, c.var.user!.id)
      else await conferences.setStage(conferenceId, declarationId, stage)
      await audit.record({
        actorUserId: c.var.user!.id,
        action: 'declaration.setStage',
        outcome: 'ok',
        conferenceId,
        target: declarationId,
        detail: { from: current?.stage, to: stage },
      })
      const prefix = documentName({ kind: 'draft', conferenceId, declarationId }).replace(
        /draft$/,
        '',
      )
      await relay.revalidate((connection) => connection.documentName.startsWith(prefix))
      return c.json((await conferences.declaration(conferenceId, declarationId))!, 200)
    })
    .openapi(routes.audit, async (c) => {
      const { conferenceId } = c.req.valid('param')
      const { before, limit } = c.req.valid('query')
      // Each entry as the policy decides (issue #11): a delegation's internal material is its own.
      const { audit, conferences } = c.var.services
      const readers = new AuditReaders(audit, (userId) => conferences.membershipsOf(userId))
      return c.json(await readers.page(c.var.user!, conferenceId, { before, limit }), 200)
    })
}
