import { afterAll, beforeAll, expect, it } from 'vitest'
import { createApiClient } from '../src/index.js'
import { type ConferenceFixture, expectStatus, setUpConference } from './fixtures.js'

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(async () => {
  await f?.close()
})

it('four simultaneous accepts of one invitation create one account and one membership', async () => {
  const conference = f.secretariat.api.conferences[':conferenceId']
  const invited = await conference.invitations.$post({
    param: { conferenceId: f.conferenceId },
    json: { role: 'delegate', delegationId: f.delegations.FRA.id },
  })
  await expectStatus(invited, 201, 'invitation')
  const { token } = await invited.json()

  const anonymous = createApiClient(f.apiBase)
  const emails = [1, 2, 3, 4].map((n) => `race-${n}-${Date.now()}@example.org`)
  const answers = await Promise.all(
    emails.map((email, n) =>
      anonymous.invitations.accept.$post({
        json: {
          token,
          name: `Racer ${n}`,
          email,
          password: `racing password ${n}`,
          mode: 'bearer',
        },
      }),
    ),
  )
  const statuses = answers.map((answer) => answer.status).sort()
  expect(statuses).toEqual([201, 410, 410, 410])
  const winner = emails[answers.findIndex((answer) => answer.status === 201)]!

  // Only the winner can sign in: the others' accounts were never created.
  for (const email of emails) {
    const n = emails.indexOf(email)
    const login = await anonymous.auth.login.$post({
      json: { email, password: `racing password ${n}`, mode: 'bearer' },
    })
    expect({ email, status: login.status }).toEqual({
      email,
      status: email === winner ? 200 : 401,
    })
  }
  const members = await conference.members.$get({ param: { conferenceId: f.conferenceId } })
  await expectStatus(members, 200, 'members')
  const racers = (await members.json()).filter((member) => member.email.startsWith('race-'))
  expect(racers.map((member) => member.email)).toEqual([winner])
})

it('a failed accept leaves the invitation usable and creates no account', async () => {
  const conference = f.secretariat.api.conferences[':conferenceId']
  const invited = await conference.invitations.$post({
    param: { conferenceId: f.conferenceId },
    json: { role: 'delegate', delegationId: f.delegations.JPN.id },
  })
  await expectStatus(invited, 201, 'invitation')
  const { token } = await invited.json()
  const anonymous = createApiClient(f.apiBase)
  // The email is taken: the whole accept fails, and the invitation is not used up.
  const taken = await anonymous.invitations.accept.$post({
    json: {
      token,
      name: 'Twin',
      email: f.jpn.email,
      password: 'a long enough password',
      mode: 'bearer',
    },
  })
  expect(taken.status).toBe(409)
  const email = `after-conflict-${Date.now()}@example.org`
  const accepted = await anonymous.invitations.accept.$post({
    json: { token, name: 'Second try', email, password: 'a long enough password', mode: 'bearer' },
  })
  await expectStatus(accepted, 201, 'second accept')
})
