import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { requireUser } from '../../middleware/sessionAuth.js'
import type { AppEnv } from '../../services.js'
import { authorizeAction } from '../authorizeAction.js'
import { ConferenceParams } from '../conferences/schema.js'
import { DeclarationParams } from '../negotiation/schema.js'
import { authorizeSecretariat, declarationContext } from '../outcomeContext.js'
import { errorResponses, json } from '../schemas.js'
import { ConferencePublicationsSchema, PublicationSummarySchema } from './schema.js'

const list = createRoute({
  summary: 'List the published texts',
  description:
    "Every member, observers included: the conference's declarations with their title and stage, and its published texts (adopted declarations and chair's summaries). No text of anything unpublished.",
  method: 'get',
  path: '/{conferenceId}/publications',
  middleware: [requireUser],
  request: { params: ConferenceParams },
  responses: {
    200: json(ConferencePublicationsSchema, 'Declarations (titles and stages) and published texts'),
    ...errorResponses,
  },
})

const chairSummary = createRoute({
  summary: "Issue a chair's summary",
  description:
    "The secretariat, when consensus fails: the agreed paragraphs plus the points of disagreement, attributed to the delegations that hold them, published like a declaration and marked as a chair's summary.",
  method: 'post',
  path: '/{conferenceId}/declarations/{declarationId}/chair-summary',
  middleware: [requireUser],
  request: { params: DeclarationParams },
  responses: {
    201: json(PublicationSummarySchema, "The chair's summary, published and signed"),
    ...errorResponses,
  },
})

/**
 * /api/conferences/:id/publications: what any member of a conference, observers included, may
 * know: which declarations exist, at what stage, and which texts were published. No text of an
 * unpublished declaration is here; published ones are read on the portal.
 */
export function publicationRoutes() {
  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => {
      const { conferenceId } = c.req.valid('param')
      const { conferences, outcomes } = c.var.services
      // Viewing the conference: every member, observers included (the policy's `view`).
      await authorizeAction(c, { type: 'conference', conferenceId }, 'view')
      const declarations = (await conferences.declarations(conferenceId)).map(
        ({ id, title, stage }) => ({
          id,
          title,
          stage,
        }),
      )
      const publications = (await outcomes.publications.list(conferenceId)).map((p) => ({
        id: p.id,
        declarationId: p.declarationId,
        kind: p.kind,
        title: p.title,
        publishedAt: p.publishedAt,
        manifestHash: p.manifestHash,
        url: `/texts/${p.id}`,
      }))
      return c.json({ declarations, publications }, 200)
    })
    .openapi(chairSummary, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d, actor } = await declarationContext(c, conferenceId, declarationId)
      await authorizeSecretariat(c, d)
      const published = await c.var.services.outcomes.chairSummary.issue(d, actor.userId)
      return c.json({ ...published, url: `/texts/${published.id}` }, 201)
    })
}
