import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startPolicyServer, tempDataDir } from '../../test/helpers.js'
import type { RunningServer } from '../server.js'
import { parseOptions } from './args.js'
import { type CliServices, COMMANDS, EXIT, openCliServices } from './commands.js'
import { recorder } from './testIo.js'

let data: ReturnType<typeof tempDataDir>
let server: RunningServer
let services: CliServices
let conferenceId: string

beforeEach(async () => {
  data = tempDataDir()
  // A real server on the same data directory: the links the CLI prints must work there.
  server = await startPolicyServer(data.dir)
  services = await openCliServices(data.dir, { baseUrl: server.url })
  conferenceId = (
    await services.conferences.create({
      name: 'Digital Ministers',
      venue: 'Lisbon',
      startsOn: '2030-05-06',
      endsOn: '2030-05-07',
    })
  ).id
  await services.conferences.addDelegation(conferenceId, {
    code: 'JPN',
    name: 'Japan',
    kind: 'member',
    decides: true,
  })
}, 30_000)

afterEach(async () => {
  await services.db.destroy()
  await server.close()
  data.cleanup()
})

async function run(name: keyof typeof COMMANDS, args: string[]) {
  const command = COMMANDS[name]
  const r = recorder()
  // biome-ignore lint/suspicious/noExplicitAny: each command takes its own parsed options
  const code = await command.run(services, parseOptions(args, command.options) as any, r.io)
  return { code, out: r.out(), err: r.err() }
}

/** The link an invite printed, and the token in it. */
function linkIn(output: string) {
  const link = /^link: (\S+)$/m.exec(output)?.[1]
  if (!link) throw new Error(`no link in:\n${output}`)
  return { link, token: link.split('/app/#/invitation/')[1]! }
}

function accept(token: string, email: string) {
  return fetch(`${server.url}/api/invitations/accept`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      token,
      email,
      name: 'Kenji Delegate',
      password: 'a long enough password',
      mode: 'bearer',
    }),
  })
}

describe('invite', () => {
  it('prints a link once that joins the delegation on the running server; the token is in no record', async () => {
    const invited = await run('invite', [
      '--conference',
      conferenceId,
      '--role',
      'delegate',
      '--delegation',
      'JPN',
      '--email',
      'kenji@example.org',
    ])
    expect(invited).toMatchObject({ code: EXIT.ok, err: '' })
    const { link, token } = linkIn(invited.out)
    expect(link.startsWith(`${server.url}/app/#/invitation/`)).toBe(true)
    expect(invited.out.split(token)).toHaveLength(2) // printed exactly once

    const response = await accept(token, 'kenji@example.org')
    expect(response.status).toBe(201)
    const members = await run('list-members', ['--conference', conferenceId, '--json'])
    expect(JSON.parse(members.out)).toMatchObject([
      { email: 'kenji@example.org', role: 'delegate', delegationCode: 'JPN' },
    ])

    // Neither the audit log nor the invitation row holds the token or its secret.
    const secret = token.split('.')[1]!
    const audit = await services.audit.list()
    expect(audit.find((e) => e.action === 'invitation.create')).toMatchObject({
      actor_user_id: null,
      detail: { via: 'cli', role: 'delegate' },
    })
    expect(JSON.stringify(audit)).not.toContain(secret)
    const rows = await services.db.selectFrom('invitation').selectAll().execute()
    expect(JSON.stringify(rows)).not.toContain(secret)

    const listed = await run('list-invitations', ['--conference', conferenceId])
    expect(listed.out).toBe(`no open invitations in Digital Ministers (--all shows the others)`)
    const all = await run('list-invitations', ['--conference', conferenceId, '--all', '--json'])
    expect(JSON.parse(all.out)).toMatchObject([
      { state: 'used', role: 'delegate', delegationCode: 'JPN', email: 'kenji@example.org' },
    ])
    expect(all.out).not.toContain(secret)
  })

  it.each([
    [['--role', 'delegate'], '--delegation'],
    [['--role', 'observer', '--delegation', 'JPN'], '--delegation'],
    [['--role', 'chair'], '--role'],
    [['--role', 'observer', '--expires-in-hours', '0'], '--expires-in-hours'],
    [['--role', 'observer', '--expires-in-hours', '721'], '--expires-in-hours'],
    [['--role', 'observer', '--base-url', 'ftp://example.org'], '--base-url'],
    [['--role', 'observer', '--email', 'not-an-email'], '--email'],
  ])('refuses %j with exit code 2 naming %s, creating nothing', async (args, option) => {
    const result = await run('invite', ['--conference', conferenceId, ...args])
    expect(result.code).toBe(EXIT.usage)
    expect(result.err).toContain(option)
    expect(result.out).toBe('')
    expect(await services.db.selectFrom('invitation').selectAll().execute()).toEqual([])
  })

  it('invites the secretariat too (the operator assigns it), with a chosen expiry', async () => {
    const before = Date.now()
    const invited = await run('invite', [
      '--conference',
      conferenceId,
      '--role',
      'secretariat',
      '--expires-in-hours',
      '2',
    ])
    expect(invited.code).toBe(EXIT.ok)
    const [row] = await services.conferences.invitations.list(conferenceId)
    expect(row).toMatchObject({ role: 'secretariat', state: 'open', createdBy: 'cli' })
    expect(row!.expiresAt - before).toBeGreaterThanOrEqual(2 * 3_600_000 - 1_000)
    expect(row!.expiresAt - before).toBeLessThanOrEqual(2 * 3_600_000 + 60_000)
  })
})

describe('revoke-invitation', () => {
  it('stops the link at once on the running server, and refuses a used one', async () => {
    const invited = await run('invite', ['--conference', conferenceId, '--role', 'observer'])
    const { token } = linkIn(invited.out)
    const id = token.split('.')[0]!
    // Pasting the whole link takes its id, and prints nothing of the secret.
    const revoked = await run('revoke-invitation', [
      '--conference',
      conferenceId,
      '--invitation',
      linkIn(invited.out).link,
    ])
    expect(revoked).toMatchObject({
      code: EXIT.ok,
      out: `revoked invitation ${id}: its link no longer works`,
    })
    expect((await accept(token, 'late@example.org')).status).toBe(404)
    const lookup = await fetch(`${server.url}/api/invitations/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    })
    expect(lookup.status).toBe(404)
    expect((await services.audit.list())[0]).toMatchObject({
      action: 'invitation.revoke',
      target: id,
      actor_user_id: null,
    })
    const again = await run('revoke-invitation', ['--conference', conferenceId, '--invitation', id])
    expect(again.code).toBe(EXIT.failed)
    expect(again.err).toContain('already revoked')

    const used = linkIn(
      (await run('invite', ['--conference', conferenceId, '--role', 'observer'])).out,
    )
    expect((await accept(used.token, 'obs@example.org')).status).toBe(201)
    const late = await run('revoke-invitation', [
      '--conference',
      conferenceId,
      '--invitation',
      used.token.split('.')[0]!,
    ])
    expect(late.code).toBe(EXIT.failed)
    expect(late.err).toContain('remove the member instead')
    const elsewhere = await run('revoke-invitation', [
      '--conference',
      'otherconference',
      '--invitation',
      id,
    ])
    expect(elsewhere.code).toBe(EXIT.failed)
  })

  it('wins or loses cleanly against an acceptance in flight: never both', async () => {
    const { conferences } = services
    for (let i = 0; i < 5; i++) {
      const { id, token } = await conferences.invite(
        conferenceId,
        { role: 'observer', delegationId: null, email: null },
        'cli',
      )
      const user = await services.accounts.create({
        email: `racer${i}@example.org`,
        name: 'R',
        password: 'a long enough password',
      })
      // Started together: the claim reads the row, the revocation lands, then the claim writes.
      const [claim, revoke] = await Promise.allSettled([
        conferences.claimInvitation(token, user.id),
        conferences.invitations.revoke(conferenceId, id),
      ])
      expect([claim.status, revoke.status].sort(), `round ${i}`).toEqual(['fulfilled', 'rejected'])
      const [row] = (await conferences.invitations.list(conferenceId)).filter((r) => r.id === id)
      expect(row!.acceptedAt === null || row!.revokedAt === null).toBe(true)
    }
  })
})

describe('remove-member', () => {
  it('removes a member, whose bearer token is refused at once, and names an unknown one', async () => {
    const { token } = linkIn(
      (
        await run('invite', [
          '--conference',
          conferenceId,
          '--role',
          'delegate',
          '--delegation',
          'JPN',
        ])
      ).out,
    )
    const accepted = (await (await accept(token, 'kenji@example.org')).json()) as { token: string }
    const read = () =>
      fetch(`${server.url}/api/conferences/${conferenceId}`, {
        headers: { authorization: `Bearer ${accepted.token}` },
      })
    expect((await read()).status).toBe(200)
    const removed = await run('remove-member', [
      '--conference',
      conferenceId,
      '--email',
      'Kenji@Example.org',
    ])
    expect(removed.code).toBe(EXIT.ok)
    expect(removed.out).toContain('removed kenji@example.org (delegate) from Digital Ministers')
    expect((await read()).status).toBe(403)
    expect(
      (await services.audit.list()).find((e) => e.action === 'membership.remove'),
    ).toMatchObject({
      action: 'membership.remove',
      actor_user_id: null,
    })
    const unknown = await run('remove-member', [
      '--conference',
      conferenceId,
      '--email',
      'kenji@example.org',
    ])
    expect(unknown.code).toBe(EXIT.failed)
    expect(unknown.err).toContain('pnpm accord list-members')
  })
})
