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

// The typed client is how the desktop app and tools call the API, with a bearer token that no
// other site can attach. Commands without a body must work through it as generated.

it('signs out through the typed client (POST /api/auth/logout has no body)', async () => {
  const person = await f.invite('delegate', 'JPN')
  const response = await person.api.auth.logout.$post()
  expect(await apiError(response)).toBeNull()
  expect(response.status).toBe(200)
})

it('signs out everywhere through the typed client (POST /api/auth/logout-all has no body)', async () => {
  const person = await f.invite('delegate', 'FRA')
  const response = await person.api.auth['logout-all'].$post()
  expect(await apiError(response)).toBeNull()
  expect(response.status).toBe(200)
})

it('removes a member through the typed client (DELETE has no body)', async () => {
  const person = await f.invite('observer')
  const response = await f.secretariat.api.conferences[':conferenceId'].members[
    ':membershipId'
  ].$delete({ param: { conferenceId: f.conferenceId, membershipId: person.membershipId! } })
  expect(await apiError(response)).toBeNull()
  expect(response.status).toBe(200)
})
