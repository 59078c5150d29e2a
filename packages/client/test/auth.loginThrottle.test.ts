import { request } from 'node:http'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { apiError } from '../src/index.js'
import { type ConferenceFixture, setUpConference } from './fixtures.js'

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(async () => {
  await f?.close()
})

it('throttles repeated failed sign-ins per account, with Retry-After, and never locks out another account', async () => {
  // An account that has never signed in, so that its whole allowance is left.
  const email = 'target@example.org'
  const password = 'the real password of A'
  f.remember(password)
  await f.server.services.accounts.create({ email, name: 'Account A', password })
  const attempt = (pw: string, as = email) =>
    f.anonymous.auth.login.$post({ json: { email: as, password: pw, mode: 'bearer' } })

  const statuses: number[] = []
  let throttled: Response | null = null
  for (let i = 0; i < 6; i++) {
    const response = await attempt(`wrong password number ${i}`)
    statuses.push(response.status)
    if (response.status === 429) throttled ??= response
    else expect(await apiError(response)).toMatchObject({ code: 'invalid_credentials' })
  }
  expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
  expect(statuses[5]).toBe(429)
  if (!throttled) throw new Error('not throttled')
  expect(await apiError(throttled)).toEqual({
    code: 'too_many_requests',
    message: expect.any(String),
  })
  const retryAfter = throttled.headers.get('retry-after')
  expect(retryAfter).toMatch(/^[1-9][0-9]*$/)

  // The right password does not get through while the account is throttled, nor does a
  // differently spelt email of the same account.
  expect((await attempt(password)).status).toBe(429)
  expect((await attempt(password, ' Target@Example.ORG ')).status).toBe(429)

  // Account B, from the same client, signs in.
  const other = await f.anonymous.auth.login.$post({
    json: { email: f.fra.email, password: f.fra.password, mode: 'bearer' },
  })
  expect(other.status).toBe(200)
  const body = await other.json()
  if ('token' in body && body.token) f.remember(body.token)

  // The audit log holds the failures and the refusals, never the passwords tried.
  const entries = await f.server.services.audit.list({ limit: 50 })
  const forA = entries.filter((e) => e.action === 'auth.login' && e.detail.email === email)
  expect(forA.filter((e) => e.outcome === 'failed')).toHaveLength(5)
  expect(forA.filter((e) => e.outcome === 'denied').length).toBeGreaterThanOrEqual(3)
  expect(JSON.stringify(entries)).not.toContain('wrong password number')
})

/** Signs in over real HTTP from the loopback address `from`, answering the status. */
function loginFrom(from: string, email: string, password: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ email, password, mode: 'bearer' })
    const req = request(
      {
        host: '127.0.0.1',
        port: f.server.port,
        localAddress: from,
        method: 'POST',
        path: '/api/auth/login',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

it('throttles per account and source together: failing from one address never locks out another', async () => {
  const email = 'victim@example.org'
  const password = 'the victim knows this one'
  f.remember(password)
  await f.server.services.accounts.create({ email, name: 'Victim', password })

  // The attacker, at 127.0.0.2, exhausts its allowance for the victim's account.
  const attacker: number[] = []
  for (let i = 0; i < 7; i++) attacker.push(await loginFrom('127.0.0.2', email, `guess ${i}`))
  expect(attacker.slice(0, 5)).toEqual([401, 401, 401, 401, 401])
  expect(attacker.slice(5)).toEqual([429, 429])
  // Even the right password is throttled from there.
  expect(await loginFrom('127.0.0.2', email, password)).toBe(429)

  // The victim, from another address, signs in at once.
  expect(await loginFrom('127.0.0.3', email, password)).toBe(200)
})
