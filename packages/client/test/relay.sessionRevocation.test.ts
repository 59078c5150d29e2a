import { EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { CloseCode } from '@accord/protocol'
import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { probeRelay } from '@accord/server/testing/wire'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { apiError, createApiClient } from '../src/index.js'
import {
  type ConferenceFixture,
  closeCodesOf,
  expectStatus,
  type Person,
  setUpConference,
} from './fixtures.js'

const DAY = 24 * 60 * 60 * 1000

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterEach(() => f.disconnectAll())

afterAll(async () => {
  await f?.close()
})

/** A provider that has synced, with the close codes it receives from now on. */
async function live(name: string, token: string): Promise<{ client: TestClient; codes: number[] }> {
  const client = f.connect(name, token)
  const codes = closeCodesOf(client)
  await synced(client)
  return { client, codes }
}

/** Waits for the provider's connection to be closed by the server. */
async function closedWith(connection: { codes: number[] }, what: string): Promise<number> {
  await waitFor(() => connection.codes.length > 0, what, 5_000)
  return connection.codes[0]!
}

/** Asserts that a fresh connection with `token` is refused with `code` and receives nothing. */
async function refused(name: string, token: string, code: number): Promise<void> {
  const probe = await probeRelay(
    f.server.port,
    `/sync/${name}?token=${encodeURIComponent(token)}&editor=${EDITOR_SCHEMA_VERSION}`,
  )
  expect(probe).toMatchObject({ status: 101, code, binaryFrames: 0 })
}

/** Asserts that the stock provider, asked to reconnect, is closed again with `code`. */
async function reconnectRefused(connection: { client: TestClient; codes: number[] }, code: number) {
  const before = connection.codes.length
  connection.client.provider.connect()
  await waitFor(() => connection.codes.length > before, 'the reconnect was closed', 5_000)
  expect(connection.codes.slice(before)).toEqual([code])
  expect(connection.client.provider.synced).toBe(false)
}

async function meStatus(token: string) {
  const response = await createApiClient(f.apiBase, { token }).auth.me.$get()
  return { status: response.status, error: await apiError(response) }
}

describe('a revoked session loses its live connections and cannot reconnect', () => {
  it('POST /api/auth/logout closes that session’s connections with Unauthorized, and only them', async () => {
    const person = await f.invite('delegate', 'FRA')
    const other = await f.signIn(person.email, person.password)
    const draft = await live(f.draft(), person.token)
    const delegation = await live(f.delegationDoc('FRA'), person.token)
    const untouched = await live(f.shared(), other)

    const out = await person.api.auth.logout.$post()
    await expectStatus(out, 200, 'logout')
    expect(await closedWith(draft, 'the draft connection was closed')).toBe(CloseCode.Unauthorized)
    expect(await closedWith(delegation, 'the delegation connection was closed')).toBe(
      CloseCode.Unauthorized,
    )
    // The same user's other session keeps its connection and its token. Fence: logout answered
    // after revalidating, so any close it caused was sent before this later mirror change; once
    // the untouched connection has the change, it would already have had the close.
    const fence = `fence-${Date.now()}`
    await f.server.relay.mutate(f.shared(), (doc) => doc.getMap('test-fence').set(fence, true))
    await waitFor(
      () => untouched.client.doc.getMap('test-fence').has(fence),
      'the untouched connection received a later change',
    )
    expect(untouched.codes).toEqual([])
    expect(untouched.client.provider.wsconnected).toBe(true)
    expect((await meStatus(other)).status).toBe(200)

    await refused(f.draft(), person.token, CloseCode.Unauthorized)
    await reconnectRefused(draft, CloseCode.Unauthorized)
    expect(await meStatus(person.token)).toEqual({
      status: 401,
      error: { code: 'unauthenticated', message: expect.any(String) },
    })
  })

  it('POST /api/auth/logout-all closes every session’s connections with Unauthorized', async () => {
    const person = await f.invite('delegate', 'JPN')
    const second = await f.signIn(person.email, person.password)
    const first = await live(f.draft(), person.token)
    const other = await live(f.shared(), second)

    const out = await person.api.auth['logout-all'].$post()
    await expectStatus(out, 200, 'logout-all')
    // The acceptance session and both sign-ins.
    expect((await out.json()).ended).toBeGreaterThanOrEqual(2)
    expect(await closedWith(first, 'the first session’s connection was closed')).toBe(
      CloseCode.Unauthorized,
    )
    expect(await closedWith(other, 'the second session’s connection was closed')).toBe(
      CloseCode.Unauthorized,
    )
    for (const token of [person.token, second]) {
      await refused(f.draft(), token, CloseCode.Unauthorized)
      expect((await meStatus(token)).status).toBe(401)
    }
    await reconnectRefused(other, CloseCode.Unauthorized)
  })

  it('POST /api/auth/password ends every session; only the new token opens the relay', async () => {
    const person = await f.invite('delegate', 'FRA')
    const second = await f.signIn(person.email, person.password)
    const first = await live(f.draft(), person.token)
    const other = await live(f.delegationDoc('FRA'), second)
    const newPassword = `${person.password} renewed`
    f.remember(newPassword)

    const changed = await person.api.auth.password.$post({
      json: { currentPassword: person.password, newPassword },
    })
    await expectStatus(changed, 200, 'password change')
    const body = await changed.json()
    if (!body.token) throw new Error('a bearer password change returned no token')
    f.remember(body.token)

    expect(await closedWith(first, 'the changing session’s connection was closed')).toBe(
      CloseCode.Unauthorized,
    )
    expect(await closedWith(other, 'the other session’s connection was closed')).toBe(
      CloseCode.Unauthorized,
    )
    for (const token of [person.token, second]) {
      await refused(f.draft(), token, CloseCode.Unauthorized)
      expect((await meStatus(token)).status).toBe(401)
    }
    await reconnectRefused(first, CloseCode.Unauthorized)

    const fresh = await probeRelay(
      f.server.port,
      `/sync/${f.draft()}?token=${encodeURIComponent(body.token)}&editor=${EDITOR_SCHEMA_VERSION}`,
    )
    expect(fresh.status).toBe(101)
    expect(fresh.open).toBe(true)
    expect(fresh.binaryFrames).toBeGreaterThan(0)

    const old = await f.anonymous.auth.login.$post({
      json: { email: person.email, password: person.password, mode: 'bearer' },
    })
    expect(old.status).toBe(401)
  })
})

describe('an expired session is refused', () => {
  async function aged(
    person: Person,
    set: { created_at?: number; last_active_at?: number },
  ): Promise<string> {
    const token = await f.signIn(person.email, person.password)
    // It works before it is aged.
    const before = await live(f.draft(), token)
    before.client.destroy()
    const id = token.slice(0, token.indexOf('.'))
    const result = await f.server.services.db
      .updateTable('session')
      .set(set)
      .where('id', '=', id)
      .executeTakeFirst()
    expect(Number(result.numUpdatedRows)).toBe(1)
    return token
  }

  it('past its absolute lifetime (created 15 days ago)', async () => {
    const token = await aged(f.jpn, { created_at: Date.now() - 15 * DAY })
    await refused(f.draft(), token, CloseCode.Unauthorized)
    const provider = f.connect(f.draft(), token)
    const codes = closeCodesOf(provider)
    await waitFor(() => codes.length > 0, 'the provider was closed')
    expect(codes).toEqual([CloseCode.Unauthorized])
    expect(provider.doc.getText('text').toString()).toBe('')
    expect((await meStatus(token)).status).toBe(401)
  })

  it('past its idle timeout (last active 25 hours ago)', async () => {
    const token = await aged(f.fra, { last_active_at: Date.now() - 25 * 60 * 60 * 1000 })
    await refused(f.shared(), token, CloseCode.Unauthorized)
    expect((await meStatus(token)).status).toBe(401)
  })

  it('closes a live connection whose session expired at the periodic re-check', async () => {
    const token = await f.signIn(f.jpn.email, f.jpn.password)
    const connection = await live(f.draft(), token)
    const id = token.slice(0, token.indexOf('.'))
    await f.server.services.db
      .updateTable('session')
      .set({ created_at: Date.now() - 15 * DAY })
      .where('id', '=', id)
      .execute()
    // What the server's five-minute timer runs (server.ts), called now rather than awaited.
    await f.server.relay.revalidate(() => true)
    expect(await closedWith(connection, 'the expired session’s connection was closed')).toBe(
      CloseCode.Unauthorized,
    )
  })

  it('refuses a token whose secret half is wrong, and a malformed one, with Unauthorized', async () => {
    const id = f.jpn.token.slice(0, f.jpn.token.indexOf('.'))
    for (const token of [`${id}.${'A'.repeat(43)}`, 'not-a-token', `${f.jpn.token}x`]) {
      await refused(f.draft(), token, CloseCode.Unauthorized)
    }
    const none = await probeRelay(f.server.port, `/sync/${f.draft()}`)
    expect(none).toMatchObject({ status: 101, code: CloseCode.Unauthorized, binaryFrames: 0 })
  })
})

describe('a removed member loses access at once', () => {
  it('DELETE /api/conferences/:cid/members/:id closes the member’s connections with Forbidden', async () => {
    const person = await f.invite('delegate', 'FRA')
    const draft = await live(f.draft(), person.token)
    const shared = await live(f.shared(), person.token)
    const delegation = await live(f.delegationDoc('FRA'), person.token)
    // A colleague of the same delegation stays connected.
    const colleague = await live(f.delegationDoc('FRA'), f.fra.token)

    const removed = await f.secretariat.api.conferences[':conferenceId'].members[
      ':membershipId'
    ].$delete({ param: { conferenceId: f.conferenceId, membershipId: person.membershipId! } })
    await expectStatus(removed, 200, 'member removal')

    for (const [connection, what] of [
      [draft, 'draft'],
      [shared, 'shared'],
      [delegation, 'delegation'],
    ] as const) {
      expect(await closedWith(connection, `the ${what} connection was closed`), what).toBe(
        CloseCode.Forbidden,
      )
    }
    expect(colleague.codes).toEqual([])
    expect(colleague.client.provider.wsconnected).toBe(true)

    for (const name of [f.draft(), f.shared(), f.delegationDoc('FRA')]) {
      await refused(name, person.token, CloseCode.Forbidden)
    }
    await reconnectRefused(draft, CloseCode.Forbidden)
    const view = await person.api.conferences[':conferenceId'].$get({
      param: { conferenceId: f.conferenceId },
    })
    expect(view.status).toBe(403)
    expect((await apiError(view))?.code).toBe('forbidden')
  })
})
