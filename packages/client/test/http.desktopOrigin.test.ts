import { EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { DESKTOP_APP_ORIGIN } from '@accord/protocol'
import { probeRelay } from '@accord/server/testing/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConferenceFixture, setUpConference } from './fixtures.js'

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(async () => {
  await f?.close()
})

/** A sign-in as the desktop app's renderer makes it: cross-site, JSON, for a bearer token. */
function signIn(origin: string) {
  return fetch(`${f.apiBase}/auth/login`, {
    method: 'POST',
    headers: {
      origin,
      'sec-fetch-site': 'cross-site',
      'content-type': 'application/json',
    },
    body: JSON.stringify({ email: f.jpn.email, password: f.jpn.password, mode: 'bearer' }),
  })
}

// Spellings that are not the app's origin, though they look like it.
const LOOK_ALIKES = [
  'accord://app.evil.example',
  'accord://evil',
  'ACCORD://APP',
  'accord://app/',
  'accord://app:80',
  'https://app',
  'null',
]

describe('the desktop app (Origin accord://app) may use the API cross-origin, with a token', () => {
  it('gets a CORS preflight granted to its origin alone, without credentials', async () => {
    const response = await fetch(`${f.apiBase}/auth/login`, {
      method: 'OPTIONS',
      headers: {
        origin: DESKTOP_APP_ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, authorization',
      },
    })
    expect(response.status).toBe(204)
    expect(response.headers.get('access-control-allow-origin')).toBe(DESKTOP_APP_ORIGIN)
    expect(response.headers.get('access-control-allow-credentials')).toBeNull()
    expect(response.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
      'authorization',
    )
  })

  it('signs in for a bearer token, and reads with it', async () => {
    const response = await signIn(DESKTOP_APP_ORIGIN)
    expect(response.status).toBe(200)
    expect(response.headers.get('access-control-allow-origin')).toBe(DESKTOP_APP_ORIGIN)
    const { token } = (await response.json()) as { token: string }
    f.remember(token)
    const me = await fetch(`${f.apiBase}/auth/me`, {
      headers: { origin: DESKTOP_APP_ORIGIN, authorization: `Bearer ${token}` },
    })
    expect(me.status).toBe(200)
    expect(me.headers.get('access-control-allow-origin')).toBe(DESKTOP_APP_ORIGIN)
  })

  for (const origin of ['https://evil.example', ...LOOK_ALIKES]) {
    it(`grants nothing to ${origin}: no CORS, and a cross-site sign-in is refused`, async () => {
      const preflight = await fetch(`${f.apiBase}/auth/login`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      })
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
      const response = await signIn(origin)
      expect(response.status).toBe(403)
      expect(response.headers.get('access-control-allow-origin')).toBeNull()
    })
  }

  it('opens the relay from the app’s origin with a token; look-alikes get 403', async () => {
    const path = `/sync/${f.draft()}?token=${encodeURIComponent(f.jpn.token)}&editor=${EDITOR_SCHEMA_VERSION}`
    const own = await probeRelay(f.server.port, path, { headers: { origin: DESKTOP_APP_ORIGIN } })
    expect(own).toMatchObject({ status: 101 })
    for (const origin of LOOK_ALIKES) {
      const other = await probeRelay(f.server.port, path, { headers: { origin } })
      expect({ origin, status: other.status }).toEqual({ origin, status: 403 })
    }
  })
})
