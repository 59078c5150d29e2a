import { EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { CloseCode } from '@accord/protocol'
import { probeRelay } from '@accord/server/testing/wire'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConferenceFixture, expectStatus, type Person, setUpConference } from './fixtures.js'

let f: ConferenceFixture
/** A delegate who was removed from the conference. */
let removed: Person

/** The conference's audit log as the secretariat reads it through the API. */
async function conferenceAudit() {
  const response = await f.secretariat.api.conferences[':conferenceId'].audit.$get({
    param: { conferenceId: f.conferenceId },
    query: {},
  })
  await expectStatus(response, 200, 'audit')
  return response.json()
}

beforeAll(async () => {
  f = await setUpConference()
  // A failed sign-in and a sign-in of a member.
  const failed = await f.anonymous.auth.login.$post({
    json: { email: f.jpn.email, password: 'not Aiko’s password', mode: 'bearer' },
  })
  expect(failed.status).toBe(401)
  await f.signIn(f.jpn.email, f.jpn.password)
  // A relay denial: the observer opens the draft.
  const probe = await probeRelay(
    f.server.port,
    `/sync/${f.draft()}?token=${encodeURIComponent(f.observer.token)}&editor=${EDITOR_SCHEMA_VERSION}`,
  )
  expect(probe.code).toBe(CloseCode.Forbidden)
  // A REST denial: a delegate tries to manage the conference.
  const denied = await f.jpn.api.conferences[':conferenceId'].delegations.$post({
    param: { conferenceId: f.conferenceId },
    json: { code: 'USA', name: 'United States', kind: 'member' },
  })
  expect(denied.status).toBe(403)
  // A membership removal.
  removed = await f.invite('delegate', 'FRA')
  const removal = await f.secretariat.api.conferences[':conferenceId'].members[
    ':membershipId'
  ].$delete({ param: { conferenceId: f.conferenceId, membershipId: removed.membershipId! } })
  await expectStatus(removal, 200, 'member removal')
})

afterAll(async () => {
  await f?.close()
})

describe('GET /api/conferences/:cid/audit', () => {
  it('shows the secretariat the membership removal, the relay denial and the REST denial', async () => {
    const entries = await conferenceAudit()
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'membership.remove',
        outcome: 'ok',
        actor_user_id: f.secretariat.id,
        conference_id: f.conferenceId,
        target: removed.id,
      }),
    )
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'document.open',
        outcome: 'denied',
        actor_user_id: f.observer.id,
        target: f.draft(),
      }),
    )
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'conference.manage',
        outcome: 'denied',
        actor_user_id: f.jpn.id,
      }),
    )
    // Newest first.
    const ids = entries.map((entry) => entry.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
  })

  // Sign-ins belong to no conference, so the conference's audit does not show them
  // (docs/security.md: the secretariat sees its conference's entries); they are in the log.
  it('records sign-ins and failed sign-ins (in the database)', async () => {
    const entries = await f.server.services.audit.list({ limit: 500 })
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'auth.login', outcome: 'ok', actor_user_id: f.jpn.id }),
    )
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'auth.login',
        outcome: 'failed',
        detail: { email: f.jpn.email },
      }),
    )
  })

  it('pages backwards through the whole log, newest first, with no entry twice', async () => {
    const api = f.secretariat.api.conferences[':conferenceId'].audit
    const everything = await conferenceAudit()
    expect(everything.length).toBeGreaterThan(3)
    const seen: number[] = []
    let before: string | undefined
    for (;;) {
      const response = await api.$get({
        param: { conferenceId: f.conferenceId },
        query: before ? { before, limit: '2' } : { limit: '2' },
      })
      await expectStatus(response, 200, 'audit page')
      const page = await response.json()
      if (page.length === 0) break
      expect(page.length).toBeLessThanOrEqual(2)
      seen.push(...page.map((entry) => entry.id))
      before = String(page.at(-1)!.id)
    }
    expect(seen).toEqual(everything.map((entry) => entry.id))
    const bad = await api.$get({ param: { conferenceId: f.conferenceId }, query: { limit: '0' } })
    expect(bad.status).toBe(400)
  })

  it('is refused to observers; a delegate reads only entries about their own delegation', async () => {
    const observer = await f.observer.api.conferences[':conferenceId'].audit.$get({
      param: { conferenceId: f.conferenceId },
      query: {},
    })
    expect(observer.status).toBe(403)
    // The REST denial above is about the conference, not about Japan's internal material.
    const jpn = await f.jpn.api.conferences[':conferenceId'].audit.$get({
      param: { conferenceId: f.conferenceId },
      query: {},
    })
    await expectStatus(jpn, 200, 'audit as a delegate')
    expect(await jpn.json()).toEqual([])
  })
})
