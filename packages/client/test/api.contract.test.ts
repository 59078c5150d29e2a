import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConferenceFixture, setUpConference } from './fixtures.js'

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(async () => {
  await f?.close()
})

interface OpenApiDocument {
  openapi: string
  servers?: Array<{ url: string }>
  paths: Record<string, Record<string, { responses: Record<string, unknown> }>>
}

async function openapi(): Promise<OpenApiDocument> {
  const response = await fetch(`${f.apiBase}/openapi.json`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^application\/json/)
  return (await response.json()) as OpenApiDocument
}

describe('/api/openapi.json', () => {
  it('is served without a session and lists every route of the API', async () => {
    const doc = await openapi()
    expect(doc.openapi).toBe('3.1.0')
    const routes = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    )
    expect(routes.sort()).toEqual(
      [
        'POST /auth/login',
        'GET /auth/me',
        'POST /auth/logout',
        'POST /auth/logout-all',
        'POST /auth/password',
        'POST /conferences',
        'GET /conferences',
        'GET /conferences/{conferenceId}',
        'POST /conferences/{conferenceId}/delegations',
        'GET /conferences/{conferenceId}/delegations',
        'GET /conferences/{conferenceId}/members',
        'DELETE /conferences/{conferenceId}/members/{membershipId}',
        'POST /conferences/{conferenceId}/invitations',
        'POST /conferences/{conferenceId}/declarations',
        'GET /conferences/{conferenceId}/declarations',
        'PUT /conferences/{conferenceId}/declarations/{declarationId}/stage',
        'GET /conferences/{conferenceId}/audit',
        'POST /invitations/lookup',
        'POST /invitations/accept',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/paragraphs',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/state',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/positions',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/comments',
        'POST /conferences/{conferenceId}/declarations/{declarationId}/comments',
        'PATCH /conferences/{conferenceId}/declarations/{declarationId}/comments/{commentId}',
        'DELETE /conferences/{conferenceId}/declarations/{declarationId}/comments/{commentId}',
        'PUT /conferences/{conferenceId}/declarations/{declarationId}/comments/{commentId}/resolved',
        'PUT /conferences/{conferenceId}/declarations/{declarationId}/positions',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/paragraphs/{paragraphId}/positions',
        'PUT /conferences/{conferenceId}/declarations/{declarationId}/statuses',
        'POST /conferences/{conferenceId}/declarations/{declarationId}/proposal-decisions',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/proposal-decisions',
        // #10: history, revisions, silence.
        'GET /conferences/{conferenceId}/declarations/{declarationId}/history',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/revisions',
        'POST /conferences/{conferenceId}/declarations/{declarationId}/revisions',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/revisions/compare',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/revisions/compare.html',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/revisions/{revisionId}',
        'GET /conferences/{conferenceId}/declarations/{declarationId}/silence',
        'POST /conferences/{conferenceId}/declarations/{declarationId}/silence',
        'POST /conferences/{conferenceId}/declarations/{declarationId}/silence/break',
        'GET /conferences/{conferenceId}/publications',
        'POST /conferences/{conferenceId}/declarations/{declarationId}/chair-summary',
      ].sort(),
    )
  })

  it('locates its paths: resolved against its servers, each path is a real endpoint', async () => {
    // OpenAPI 3.1: without `servers`, the server is "/", resolved against the document's URL.
    // The API lives under /api, so the document must say so (servers: [{ url: '/api' }]).
    const doc = await openapi()
    const server = new URL(doc.servers?.[0]?.url ?? '/', `${f.apiBase}/openapi.json`)
    const base = server.href.replace(/\/$/, '')
    const me = await fetch(`${base}/auth/me`, {
      headers: { authorization: `Bearer ${f.jpn.token}` },
    })
    expect(me.status).toBe(200)
  })

  it('describes every 4xx answer with the one error schema', async () => {
    const doc = await openapi()
    const wrong: string[] = []
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          if (!status.startsWith('4')) continue
          const schema = JSON.stringify(response)
          if (!schema.includes('#/components/schemas/Error"')) {
            wrong.push(`${method.toUpperCase()} ${path} ${status}: ${schema}`)
          }
        }
      }
    }
    expect(wrong).toEqual([])
  })
})

describe('the error shape is { error: { code, message } }', () => {
  async function expectErrorShape(response: Response, status: number, code: string) {
    expect(response.status).toBe(status)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const body = (await response.json()) as { error: { code: string; message: string } }
    expect(Object.keys(body)).toEqual(['error'])
    expect(Object.keys(body.error).sort()).toEqual(['code', 'message'])
    expect(body.error.code).toBe(code)
    expect(typeof body.error.message).toBe('string')
    expect(body.error.message.length).toBeGreaterThan(0)
  }

  it('400: malformed JSON and schema violations', async () => {
    const json = { 'content-type': 'application/json' }
    await expectErrorShape(
      await fetch(`${f.apiBase}/auth/login`, { method: 'POST', headers: json, body: '{"email":' }),
      400,
      'invalid_request',
    )
    await expectErrorShape(
      await f.anonymous.auth.login.$post({
        json: { email: 'not an email', password: 'x', mode: 'bearer' },
      }),
      400,
      'invalid_request',
    )
    await expectErrorShape(
      await f.secretariat.api.conferences[':conferenceId'].declarations[
        ':declarationId'
      ].stage.$put({
        param: { conferenceId: f.conferenceId, declarationId: f.declarationId },
        json: { stage: 'ratified' as 'adopted' },
      }),
      400,
      'invalid_request',
    )
  })

  it('401: no session, a wrong token, wrong credentials', async () => {
    await expectErrorShape(await f.anonymous.auth.me.$get(), 401, 'unauthenticated')
    await expectErrorShape(
      await fetch(`${f.apiBase}/auth/me`, { headers: { authorization: 'Bearer abc.def' } }),
      401,
      'unauthenticated',
    )
    await expectErrorShape(
      await f.anonymous.auth.login.$post({
        json: { email: f.fra.email, password: 'not the password', mode: 'bearer' },
      }),
      401,
      'invalid_credentials',
    )
  })

  it('403: a delegate managing the conference, an observer reading the state of play', async () => {
    await expectErrorShape(
      await f.jpn.api.conferences[':conferenceId'].delegations.$post({
        param: { conferenceId: f.conferenceId },
        json: { code: 'USA', name: 'United States', kind: 'member' },
      }),
      403,
      'forbidden',
    )
    await expectErrorShape(
      await f.observer.api.conferences[':conferenceId'].declarations[':declarationId'].state.$get({
        param: { conferenceId: f.conferenceId, declarationId: f.declarationId },
      }),
      403,
      'forbidden',
    )
  })

  it('404: an unknown endpoint, an unknown invitation', async () => {
    await expectErrorShape(await fetch(`${f.apiBase}/no-such-endpoint`), 404, 'not_found')
    await expectErrorShape(
      await f.anonymous.invitations.lookup.$post({
        json: { token: `abcdefgh.${'A'.repeat(43)}` },
      }),
      404,
      'not_found',
    )
  })
})
