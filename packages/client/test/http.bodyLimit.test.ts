import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConferenceFixture, setUpConference } from './fixtures.js'

const LIMIT = 64 * 1024

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(async () => {
  await f?.close()
})

interface Answer {
  readonly status: number
  readonly body: { error?: { code: string; message: string } }
  /** Bytes of the request body the client had written when the answer came. */
  readonly written: number
}

/**
 * POSTs to `path` on the real server, writing `total` bytes of a JSON string in chunks, either
 * with a declared Content-Length or chunked. Stops writing as soon as an answer arrives, so a
 * server that answers before reading the body is seen to do so.
 */
function post(
  path: string,
  total: number,
  { declared, contentType = 'application/json' }: { declared: boolean; contentType?: string },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let written = 0
    let answered = false
    const headers: Record<string, string> = { 'content-type': contentType }
    if (declared) headers['content-length'] = String(total)
    const req = request(
      { host: '127.0.0.1', port: f.server.port, method: 'POST', path, headers },
      (res) => {
        answered = true
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : {}, written })
          req.destroy()
        })
      },
    )
    // The server may close the connection while we still write: that is its right.
    req.on('error', (error) => {
      if (!answered) reject(error)
    })
    const chunk = Buffer.alloc(16 * 1024, 'a')
    const pump = () => {
      while (!answered && written < total) {
        const size = Math.min(chunk.length, total - written)
        written += size
        if (!req.write(chunk.subarray(0, size))) {
          req.once('drain', pump)
          return
        }
      }
      if (written >= total) req.end()
    }
    pump()
  })
}

describe('request bodies are limited on every API route, before anything else', () => {
  it('answers 413 to a declared 100 MiB body on an unauthenticated route without reading it', async () => {
    const answer = await post('/api/invitations/lookup', 100 * 1024 * 1024, { declared: true })
    expect(answer.status).toBe(413)
    expect(answer.body.error?.code).toBe('payload_too_large')
    // Answered long before the body was sent: it was never buffered.
    expect(answer.written).toBeLessThan(10 * 1024 * 1024)
  })

  it('cuts off a chunked body with no declared length as it passes the limit', async () => {
    const answer = await post('/api/auth/login', 8 * 1024 * 1024, { declared: false })
    expect(answer.status).toBe(413)
    expect(answer.body.error?.code).toBe('payload_too_large')
    expect(answer.written).toBeLessThan(8 * 1024 * 1024)
  })

  it('refuses a body one byte over the limit, and reads one at the limit', async () => {
    const over = await post('/api/invitations/lookup', LIMIT + 1, { declared: true })
    expect(over.status).toBe(413)
    // At the limit the body is read: it is not JSON, so validation answers instead.
    const at = await post('/api/invitations/lookup', LIMIT, { declared: true })
    expect(at.status).toBe(400)
    expect(at.body.error?.code).toBe('invalid_request')
  })
})

describe('a body that is not JSON', () => {
  const positions = () =>
    `${f.apiBase}/conferences/${f.conferenceId}/declarations/${f.declarationId}/positions`
  const json = JSON.stringify({ paragraphId: 'p1', value: 'objection' })

  for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', null]) {
    it(`answers a bearer command 415 with what to send, for Content-Type: ${contentType ?? 'none'}`, async () => {
      const headers: Record<string, string> = { authorization: `Bearer ${f.jpn.token}` }
      if (contentType) headers['content-type'] = contentType
      const response = await fetch(positions(), {
        method: 'PUT',
        headers,
        // Bytes rather than a string, so that fetch adds no Content-Type of its own.
        body: new TextEncoder().encode(json),
      })
      expect(response.status).toBe(415)
      expect(await response.json()).toEqual({
        error: {
          code: 'unsupported_media_type',
          message: expect.stringContaining('Content-Type: application/json'),
        },
      })
    })
  }

  it('refuses a cookie-less sign-in sent as a form as a cross-site request, saying what to send', async () => {
    const response = await fetch(`${f.apiBase}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ email: f.jpn.email, password: f.jpn.password, mode: 'bearer' }),
    })
    expect(response.status).toBe(403)
    expect((await response.json()).error.message).toContain('Content-Type: application/json')
  })
})
