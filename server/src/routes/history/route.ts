import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { requireUser } from '../../middleware/sessionAuth.js'
import type { AppEnv } from '../../services.js'
import { DeclarationParams } from '../negotiation/schema.js'
import { authorizeDraftRead, declarationContext } from '../outcomeContext.js'
import { errorResponses, json } from '../schemas.js'
import { HistorySchema } from './schema.js'

const history = createRoute({
  summary: 'Read the agreed-text history',
  description:
    "Every change of a paragraph's status, oldest first, with the paragraph's text at that moment (brackets included), who made it and when, each entry hash-chained over canonical JSON (RFC 8785) to the one before; and whether the chain verifies up to the kept head.",
  method: 'get',
  path: '/{conferenceId}/declarations/{declarationId}/history',
  middleware: [requireUser],
  request: { params: DeclarationParams },
  responses: {
    200: json(HistorySchema, 'The agreed-text history, in order, and whether its chain verifies'),
    ...errorResponses,
  },
})

/** /api/conferences/:id/declarations/:id/history: the hash-chained agreed-text history. */
export function historyRoutes() {
  return new OpenAPIHono<AppEnv>().openapi(history, async (c) => {
    const { conferenceId, declarationId } = c.req.valid('param')
    const { d } = await declarationContext(c, conferenceId, declarationId)
    await authorizeDraftRead(c, d)
    const { outcomes } = c.var.services
    const entries = await outcomes.history.entries(d.id)
    const result = await outcomes.history.verify(d.id)
    const verification = result.ok
      ? { ok: true as const }
      : { ok: false as const, code: result.code, message: result.message }
    const { hash } = await outcomes.history.head(d.id)
    return c.json({ entries, head: hash, verification }, 200)
  })
}
