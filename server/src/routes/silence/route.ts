import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { ApiError } from '../../errors.js'
import { requireUser } from '../../middleware/sessionAuth.js'
import type { AppEnv } from '../../services.js'
import { authorizeAction } from '../authorizeAction.js'
import { DeclarationParams } from '../negotiation/schema.js'
import { authorizeDraftRead, authorizeSecretariat, declarationContext } from '../outcomeContext.js'
import { errorResponses, json, jsonBody } from '../schemas.js'
import { BreakSilence, SilenceSchema, StartSilence } from './schema.js'

const auth = [requireUser]
const base = '/{conferenceId}/declarations/{declarationId}/silence'

const routes = {
  list: createRoute({
    summary: 'List the silence procedures',
    description:
      'Every silence procedure of the declaration, oldest first, with its deadline, message and how it ended.',
    method: 'get',
    path: base,
    middleware: auth,
    request: { params: DeclarationParams },
    responses: {
      200: json(z.array(SilenceSchema), 'Silence procedures, oldest first'),
      ...errorResponses,
    },
  }),
  start: createRoute({
    summary: 'Start the silence procedure',
    description:
      'The secretariat, on a text that could be adopted as it stands. The text is frozen until the `deadline` (ISO 8601 with offset, or milliseconds since the epoch); if no deciding delegation breaks silence by then, the declaration is adopted.',
    method: 'post',
    path: base,
    middleware: auth,
    request: { params: DeclarationParams, ...jsonBody(StartSilence) },
    responses: { 201: json(SilenceSchema, 'Started; the text is frozen'), ...errorResponses },
  }),
  break: createRoute({
    summary: 'Break silence',
    description:
      'A delegate of a deciding delegation, with a reason. The reason is recorded and announced, and the declaration returns to negotiating. Advisory delegations cannot break silence.',
    method: 'post',
    path: `${base}/break`,
    middleware: auth,
    request: { params: DeclarationParams, ...jsonBody(BreakSilence) },
    responses: { 200: json(SilenceSchema, 'Broken; back to negotiating'), ...errorResponses },
  }),
}

/** /api/conferences/:id/declarations/:id/silence: start, break and follow the silence procedure. */
export function silenceRoutes() {
  return new OpenAPIHono<AppEnv>()
    .openapi(routes.list, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d } = await declarationContext(c, conferenceId, declarationId)
      await authorizeDraftRead(c, d)
      return c.json(await c.var.services.outcomes.silence.list(d), 200)
    })
    .openapi(routes.start, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d, actor } = await declarationContext(c, conferenceId, declarationId)
      await authorizeSecretariat(c, d)
      const { deadline, message } = c.req.valid('json')
      const at = typeof deadline === 'number' ? deadline : Date.parse(deadline)
      const view = await c.var.services.outcomes.silence.start(d, actor.userId, {
        deadline: at,
        message: message ?? null,
      })
      return c.json(view, 201)
    })
    .openapi(routes.break, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d, actor } = await declarationContext(c, conferenceId, declarationId)
      const { delegationId } = actor
      if (!delegationId) {
        await authorizeAction(c, { type: 'declaration', conferenceId }, 'silence.break', d.stage)
        throw new ApiError('forbidden', 'only a deciding delegation may break silence')
      }
      // The policy: a delegate of a deciding delegation, for its own delegation, in silence.
      await authorizeAction(
        c,
        { type: 'delegation', conferenceId, delegationId },
        'silence.break',
        d.stage,
      )
      const { reason } = c.req.valid('json')
      const view = await c.var.services.outcomes.silence.break(
        d,
        { userId: actor.userId, delegationId },
        reason,
      )
      return c.json(view, 200)
    })
}
