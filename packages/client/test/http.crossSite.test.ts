import { EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { apiError } from '../src/index.js'
import { type ConferenceFixture, setUpConference } from './fixtures.js'
import { SYNC_STEP1_EMPTY } from './frames.js'

let f: ConferenceFixture
/** The server's own origin, as a browser on the web client would send it. */
let ownOrigin: string
/** `accord_session=…` of a cookie sign-in by the secretariat (the web client's session). */
let chairCookie: string

/** Signs in the way the web client does and returns the session cookie pair. */
async function cookieSignIn(email: string, password: string): Promise<string> {
  const response = await fetch(`${f.apiBase}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, mode: 'cookie' }),
  })
  expect(response.status).toBe(200)
  const cookie = response.headers.getSetCookie().find((c) => c.startsWith('accord_session='))
  if (!cookie) throw new Error('no session cookie')
  return cookie.split(';')[0]!
}

beforeAll(async () => {
  f = await setUpConference()
  ownOrigin = `http://127.0.0.1:${f.server.port}`
  chairCookie = await cookieSignIn(f.secretariat.email, f.secretariat.password)
})

afterAll(async () => {
  await f?.close()
})

/** How the server answered a relay upgrade. */
interface UpgradeOutcome {
  readonly status: number
  /** Whether a 101 came (the socket opened). */
  readonly upgraded: boolean
  /** Binary frames received after asking for the whole document. */
  readonly frames: number
}

/** Opens the relay with the stock `ws` client and the given Origin (none when undefined). */
function upgrade(
  name: string,
  { origin, token, cookie }: { origin?: string; token?: string; cookie?: string },
): Promise<UpgradeOutcome> {
  const query = `?editor=${EDITOR_SCHEMA_VERSION}${token ? `&token=${encodeURIComponent(token)}` : ''}`
  const socket = new WebSocket(`${f.wsBase}/${name}${query}`, {
    ...(origin !== undefined ? { origin } : {}),
    ...(cookie ? { headers: { cookie } } : {}),
  })
  return new Promise((resolve, reject) => {
    let upgraded = false
    let frames = 0
    socket.on('upgrade', () => {
      upgraded = true
    })
    // @hono/node-ws answers a refused upgrade with the status alone (Content-Length: 0).
    socket.on('unexpected-response', (request, response) => {
      request.destroy()
      resolve({ status: response.statusCode ?? 0, upgraded, frames })
    })
    socket.on('open', () => socket.send(SYNC_STEP1_EMPTY))
    socket.on('message', (_data, isBinary) => {
      if (!isBinary) return
      frames += 1
      socket.terminate()
      resolve({ status: 101, upgraded, frames })
    })
    socket.on('close', () => resolve({ status: 101, upgraded, frames }))
    socket.on('error', reject)
  })
}

describe('the relay refuses a foreign Origin before the upgrade', () => {
  it.each([
    ['a foreign site', 'https://evil.example'],
    ['the opaque origin "null"', 'null'],
    ['a look-alike host', 'http://127.0.0.1.evil.example'],
    ['localhost (another origin than 127.0.0.1)', 'http://localhost'],
  ])('answers %s with 403 and no 101, even with a valid token', async (_, origin) => {
    const withPort = origin.startsWith('http://') ? `${origin}:${f.server.port}` : origin
    const outcome = await upgrade(f.draft(), { origin: withPort, token: f.jpn.token })
    expect(outcome.status).toBe(403)
    expect(outcome.upgraded).toBe(false)
    expect(outcome.frames).toBe(0)
  })

  it('refuses the cross-site WebSocket hijack: a foreign page with the user’s session cookie', async () => {
    const outcome = await upgrade(f.draft(), {
      origin: 'https://evil.example',
      cookie: chairCookie,
    })
    expect(outcome).toMatchObject({ status: 403, upgraded: false, frames: 0 })
    // The same cookie from the server's own origin (the web client) is served.
    const own = await upgrade(f.draft(), { origin: ownOrigin, cookie: chairCookie })
    expect(own).toMatchObject({ status: 101, upgraded: true, frames: 1 })
  })

  it('accepts the server’s own origin and requests without an Origin (desktop, tools)', async () => {
    const own = await upgrade(f.draft(), { origin: ownOrigin, token: f.jpn.token })
    expect(own).toMatchObject({ status: 101, upgraded: true, frames: 1 })
    const none = await upgrade(f.draft(), { token: f.jpn.token })
    expect(none).toMatchObject({ status: 101, upgraded: true, frames: 1 })
  })
})

describe('state-changing API requests that a cross-site page could send are refused', () => {
  /** Bodies a cross-site HTML form (or a no-cors fetch) can send. */
  function crossSiteBodies(fields: Record<string, string>): Array<[string, RequestInit]> {
    const multipart = new FormData()
    for (const [key, value] of Object.entries(fields)) multipart.append(key, value)
    return [
      ['a urlencoded form', { body: new URLSearchParams(fields) }],
      ['a multipart form', { body: multipart }],
      [
        'text/plain holding JSON',
        { headers: { 'content-type': 'text/plain' }, body: JSON.stringify(fields) },
      ],
      ['no Content-Type at all', { body: new TextEncoder().encode(JSON.stringify(fields)) }],
      ['no body at all', {}],
    ]
  }

  async function sessionsOf(userId: string): Promise<number> {
    const rows = await f.server.services.db
      .selectFrom('session')
      .select('id')
      .where('user_id', '=', userId)
      .execute()
    return rows.length
  }

  async function invitationCount(): Promise<number> {
    return (await f.server.services.db.selectFrom('invitation').select('id').execute()).length
  }

  async function expectCsrfRejected(response: Response, what: string) {
    expect(response.status, what).toBe(403)
    expect(await apiError(response), what).toEqual({
      code: 'csrf_rejected',
      message: expect.any(String),
    })
  }

  it('POST /api/auth/login: form, multipart, text/plain and type-less bodies get 403 csrf_rejected', async () => {
    const fields = { email: f.fra.email, password: f.fra.password, mode: 'bearer' }
    const before = await sessionsOf(f.fra.id)
    for (const [what, init] of crossSiteBodies(fields)) {
      const response = await fetch(`${f.apiBase}/auth/login`, { method: 'POST', ...init })
      await expectCsrfRejected(response, what)
    }
    expect(await sessionsOf(f.fra.id)).toBe(before)
  })

  it('POST /api/conferences/:id/invitations with the session cookie: the same bodies get 403 csrf_rejected', async () => {
    const url = `${f.apiBase}/conferences/${f.conferenceId}/invitations`
    const before = await invitationCount()
    for (const [what, init] of crossSiteBodies({ role: 'observer' })) {
      const response = await fetch(url, {
        method: 'POST',
        ...init,
        headers: { ...(init.headers as Record<string, string>), cookie: chairCookie },
      })
      await expectCsrfRejected(response, what)
    }
    expect(await invitationCount()).toBe(before)
  })

  it.each([
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }],
    ['a foreign Origin', { origin: 'https://evil.example' }],
    ['Origin: null', { origin: 'null' }],
  ])('refuses a JSON request with %s (403)', async (_, headers: Record<string, string>) => {
    const login = await fetch(`${f.apiBase}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ email: f.fra.email, password: f.fra.password, mode: 'bearer' }),
    })
    await expectCsrfRejected(login, 'login')
    const before = await invitationCount()
    const invite = await fetch(`${f.apiBase}/conferences/${f.conferenceId}/invitations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: chairCookie, ...headers },
      body: JSON.stringify({ role: 'observer' }),
    })
    await expectCsrfRejected(invite, 'invitation')
    expect(await invitationCount()).toBe(before)
  })

  it('accepts JSON from the server’s own origin, same-origin fetches and non-browser clients', async () => {
    const variants: Array<Record<string, string>> = [
      {},
      { origin: ownOrigin, 'sec-fetch-site': 'same-origin' },
      { 'sec-fetch-site': 'none' },
      { origin: ownOrigin },
    ]
    // One account per request, so that the sign-in throttle (5 per account) stays out of it.
    const people = [f.fra, f.jpn, f.observer, f.operator]
    for (const [i, headers] of variants.entries()) {
      const { email, password } = people[i]!
      const login = await fetch(`${f.apiBase}/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
        body: JSON.stringify({ email, password, mode: 'bearer' }),
      })
      expect(login.status, JSON.stringify(headers)).toBe(200)
      const { token } = (await login.json()) as { token: string }
      f.remember(token)
    }
    const invite = await fetch(`${f.apiBase}/conferences/${f.conferenceId}/invitations`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: chairCookie,
        origin: ownOrigin,
        'sec-fetch-site': 'same-origin',
      },
      body: JSON.stringify({ role: 'observer' }),
    })
    expect(invite.status).toBe(201)
  })
})
