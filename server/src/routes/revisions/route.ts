import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { requireUser } from '../../middleware/sessionAuth.js'
import { htmlDocument } from '../../portal/Layout.js'
import { PORTAL_CSP } from '../../portal/portalRoutes.js'
import type { AppEnv } from '../../services.js'
import { DeclarationParams } from '../negotiation/schema.js'
import { authorizeDraftRead, authorizeSecretariat, declarationContext } from '../outcomeContext.js'
import { errorResponses, json, jsonBody } from '../schemas.js'
import { ComparisonPage } from './ComparisonPage.js'
import {
  CompareQuery,
  ComparisonSchema,
  IssueRevision,
  RevisionParams,
  RevisionSchema,
} from './schema.js'

const auth = [requireUser]
const base = '/{conferenceId}/declarations/{declarationId}/revisions'

const routes = {
  list: createRoute({
    summary: 'List the revisions',
    description:
      'Zero draft, Rev.1, Rev.2 …, oldest first, each citing the history head it was issued at.',
    method: 'get',
    path: base,
    middleware: auth,
    request: { params: DeclarationParams },
    responses: { 200: json(z.array(RevisionSchema), 'Revisions, oldest first'), ...errorResponses },
  }),
  issue: createRoute({
    summary: 'Issue a revision',
    description:
      "The secretariat. An immutable snapshot of the text with its brackets and of every paragraph's status, named (the next name, Zero draft then Rev.n, unless `name` is given).",
    method: 'post',
    path: base,
    middleware: auth,
    request: { params: DeclarationParams, ...jsonBody(IssueRevision) },
    responses: { 201: json(RevisionSchema, 'Issued'), ...errorResponses },
  }),
  // Registered before /{revisionId}, which would otherwise take "compare" for an id.
  compare: createRoute({
    summary: 'Compare two revisions',
    description:
      '`from` a revision id, `to` another or `current` (the text as it stands): paragraph by paragraph, matched by paragraph id, with word-level changes, and added, deleted and moved paragraphs.',
    method: 'get',
    path: `${base}/compare`,
    middleware: auth,
    request: { params: DeclarationParams, query: CompareQuery },
    responses: {
      200: json(ComparisonSchema, 'Paragraph by paragraph, matched by id, with word changes'),
      ...errorResponses,
    },
  }),
  compareHtml: createRoute({
    summary: 'Compare two revisions, as a printable page',
    description: 'The same comparison as an HTML page for print or PDF.',
    method: 'get',
    path: `${base}/compare.html`,
    middleware: auth,
    request: { params: DeclarationParams, query: CompareQuery },
    responses: {
      200: {
        description: 'The comparison as a printable page',
        content: { 'text/html': { schema: z.string() } },
      },
      ...errorResponses,
    },
  }),
  get: createRoute({
    summary: 'Read a revision',
    description: "One revision's snapshot: its paragraphs with their text, brackets and statuses.",
    method: 'get',
    path: `${base}/{revisionId}`,
    middleware: auth,
    request: { params: RevisionParams },
    responses: { 200: json(RevisionSchema, 'The revision'), ...errorResponses },
  }),
}

/** /api/conferences/:id/declarations/:id/revisions: issue, read and compare revisions. */
export function revisionRoutes() {
  return new OpenAPIHono<AppEnv>()
    .openapi(routes.list, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d } = await declarationContext(c, conferenceId, declarationId)
      await authorizeDraftRead(c, d)
      return c.json(await c.var.services.outcomes.revisions.list(d), 200)
    })
    .openapi(routes.issue, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d, actor } = await declarationContext(c, conferenceId, declarationId)
      await authorizeSecretariat(c, d)
      const { name } = c.req.valid('json')
      return c.json(await c.var.services.outcomes.revisions.issue(d, actor.userId, name), 201)
    })
    .openapi(routes.compare, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d } = await declarationContext(c, conferenceId, declarationId)
      await authorizeDraftRead(c, d)
      const { from, to } = c.req.valid('query')
      return c.json(await c.var.services.outcomes.revisions.compare(d, from, to), 200)
    })
    .openapi(routes.compareHtml, async (c) => {
      const { conferenceId, declarationId } = c.req.valid('param')
      const { d } = await declarationContext(c, conferenceId, declarationId)
      await authorizeDraftRead(c, d)
      const { from, to } = c.req.valid('query')
      const comparison = await c.var.services.outcomes.revisions.compare(d, from, to)
      // The same policy as the portal: draft text (brackets included) in a page where no script runs.
      return c.html(htmlDocument(ComparisonPage({ title: d.title, ...comparison })), 200, {
        'Content-Security-Policy': PORTAL_CSP,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      })
    })
    .openapi(routes.get, async (c) => {
      const { conferenceId, declarationId, revisionId } = c.req.valid('param')
      const { d } = await declarationContext(c, conferenceId, declarationId)
      await authorizeDraftRead(c, d)
      return c.json(await c.var.services.outcomes.revisions.get(d, revisionId), 200)
    })
}
