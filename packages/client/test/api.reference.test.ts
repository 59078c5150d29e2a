import { API_ERROR_STATUS } from '@accord/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConferenceFixture, setUpConference } from './fixtures.js'

interface Operation {
  summary?: string
  description?: string
  security?: unknown[]
  responses: Record<string, { description?: string }>
}
interface Document {
  security?: unknown[]
  paths: Record<string, Record<string, Operation>>
  components?: { securitySchemes?: Record<string, { type: string; scheme?: string; in?: string }> }
}

/** The operations anyone may call without a session; every other one needs one. */
const PUBLIC = ['post /auth/login', 'post /invitations/lookup', 'post /invitations/accept']

let f: ConferenceFixture
let doc: Document
let operations: Array<{ key: string; op: Operation }>

beforeAll(async () => {
  f = await setUpConference()
  const response = await fetch(`${f.apiBase}/openapi.json`)
  expect(response.status).toBe(200)
  doc = (await response.json()) as Document
  operations = Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, op]) => ({ key: `${method} ${path}`, op })),
  )
})

afterAll(async () => {
  await f?.close()
})

describe('the OpenAPI document describes every operation', () => {
  it('has operations to describe', () => {
    expect(operations.length).toBeGreaterThanOrEqual(30)
  })

  it('gives every operation a summary and a description', () => {
    const missing = operations
      .filter(({ op }) => !op.summary?.trim() || !op.description?.trim())
      .map(({ key }) => key)
    expect(missing).toEqual([])
  })

  it('declares the error responses every operation can give', () => {
    for (const { key, op } of operations) {
      const declared = Object.keys(op.responses)
      expect({ key, declared }).toEqual({
        key,
        declared: expect.arrayContaining(['400', '401', '403', '404', '413', '500']),
      })
    }
  })

  it('names every error code of the vocabulary in the responses that carry it', () => {
    for (const [code, status] of Object.entries(API_ERROR_STATUS)) {
      const carriers = operations.filter(({ op }) =>
        op.responses[String(status)]?.description?.includes(`\`${code}\``),
      )
      expect({ code, carried: carriers.length > 0 }).toEqual({ code, carried: true })
    }
  })

  it('declares the bearer and cookie schemes, required everywhere but the public operations', () => {
    expect(doc.components?.securitySchemes?.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    })
    expect(doc.components?.securitySchemes?.cookie).toMatchObject({ type: 'apiKey', in: 'cookie' })
    expect(doc.security).toEqual([{ bearer: [] }, { cookie: [] }])
    const open = operations.filter(({ op }) => op.security?.length === 0).map(({ key }) => key)
    expect(open.sort()).toEqual([...PUBLIC].sort())
  })
})

describe('the reference page at /api/docs', () => {
  it('shows every operation, with no script and nothing from elsewhere', async () => {
    const response = await fetch(`${f.apiBase}/docs`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/html')
    const page = await response.text()
    expect(page).toContain('<html lang="en">')
    for (const { key, op } of operations) {
      const [method, path] = key.split(' ')
      expect(page, key).toContain(`<span class="method">${method}</span> <code>${path}</code>`)
      expect(page, key).toContain(op.summary!.replace(/'/g, '&#39;').replace(/"/g, '&quot;'))
    }
    expect(page).not.toMatch(/<script/i)
    expect(page).not.toMatch(/(src|href)="https?:/i)
  })
})
