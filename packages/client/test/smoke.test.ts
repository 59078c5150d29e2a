import { startPolicyServer, tempDataDir } from '@accord/server/testing'
import { afterEach, expect, it } from 'vitest'
import { apiError, createApiClient } from '../src/index.js'

const cleanups: Array<() => Promise<void> | void> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

it('signs in with a bearer token and reads the current user', async () => {
  const data = tempDataDir()
  const server = await startPolicyServer(data.dir)
  cleanups.push(data.cleanup, () => server.close())
  await server.services.accounts.create({
    email: 'chair@example.org',
    name: 'Chair',
    password: 'correct horse battery',
  })
  const anonymous = createApiClient(`${server.url}/api`)
  const login = await anonymous.auth.login.$post({
    json: { email: 'Chair@Example.org', password: 'correct horse battery', mode: 'bearer' },
  })
  expect(login.status).toBe(200)
  const body = await login.json()
  if (!('token' in body) || !body.token) throw new Error('no token in a bearer sign-in')
  const client = createApiClient(`${server.url}/api`, { token: body.token })
  const me = await client.auth.me.$get()
  expect(me.status).toBe(200)
  expect((await me.json()).user.email).toBe('chair@example.org')
  const wrong = await anonymous.auth.login.$post({
    json: { email: 'chair@example.org', password: 'wrong password!', mode: 'bearer' },
  })
  expect(wrong.status).toBe(401)
  expect(await apiError(wrong)).toEqual({
    code: 'invalid_credentials',
    message: 'wrong email or password',
  })
})
