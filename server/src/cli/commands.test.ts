import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseOptions } from './args.js'
import {
  type CliIo,
  type CliServices,
  COMMANDS,
  createConference,
  createOperator,
  EXIT,
  listSessions,
  openCliServices,
  resetPassword,
} from './commands.js'

/** An io that records what a command prints and feeds it `stdin`. */
function recorder(stdin = '') {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readStdin: async () => stdin,
  }
  return { io, out: () => out.join('\n'), err: () => err.join('\n') }
}

/** The password a command printed once. */
function printedPassword(output: string): string {
  const match = /password for \S+: (\S+)/.exec(output)
  if (!match) throw new Error(`no password in:\n${output}`)
  return match[1]!
}

async function counts(services: CliServices) {
  const count = async (table: 'user' | 'conference' | 'membership' | 'audit_log') =>
    Number(
      (
        await services.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return {
    users: await count('user'),
    conferences: await count('conference'),
    memberships: await count('membership'),
    audit: await count('audit_log'),
  }
}

let dir: string
let services: CliServices

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-cli-'))
  services = await openCliServices(dir)
})

afterEach(async () => {
  await services.db.destroy()
  rmSync(dir, { recursive: true, force: true })
})

describe('create-operator', () => {
  it('creates an operator whose printed password signs in, and audits it as the CLI', async () => {
    const run = recorder()
    const code = await createOperator(
      services,
      { email: 'Ops@Example.org', name: 'Olga Ops', 'password-stdin': false },
      run.io,
    )
    expect(code).toBe(EXIT.ok)
    const password = printedPassword(run.out())
    expect(password.length).toBeGreaterThanOrEqual(16)
    const user = await services.accounts.authenticate('ops@example.org', password)
    expect(user).toMatchObject({ email: 'ops@example.org', name: 'Olga Ops', isOperator: true })
    const [entry] = await services.audit.list()
    expect(entry).toMatchObject({
      actor_user_id: null,
      action: 'account.create',
      outcome: 'ok',
      target: user!.id,
      detail: { via: 'cli' },
    })
    expect(JSON.stringify(entry)).not.toContain(password)
  })

  it('takes the password from stdin without printing it', async () => {
    const run = recorder('correct horse battery\n')
    const code = await createOperator(
      services,
      { email: 'ops@example.org', name: 'Olga Ops', 'password-stdin': true },
      run.io,
    )
    expect(code).toBe(EXIT.ok)
    expect(run.out()).not.toContain('correct horse')
    expect(
      await services.accounts.authenticate('ops@example.org', 'correct horse battery'),
    ).not.toBeNull()
  })

  it('refuses a taken email with exit code 1', async () => {
    const options = { email: 'ops@example.org', name: 'Olga Ops', 'password-stdin': false }
    expect(await createOperator(services, options, recorder().io)).toBe(EXIT.ok)
    const before = await counts(services)
    const run = recorder()
    expect(await createOperator(services, options, run.io)).toBe(EXIT.failed)
    expect(run.err()).toContain('ops@example.org exists')
    expect(await counts(services)).toEqual(before)
  })

  it.each([
    [{ email: 'not-an-email', name: 'Olga', 'password-stdin': false }, '', '--email'],
    [{ email: 'ops@example.org', name: '  ', 'password-stdin': false }, '', '--name'],
    [
      { email: 'ops@example.org', name: 'Olga', 'password-stdin': true },
      'short\n',
      '--password-stdin',
    ],
  ])(
    'rejects %j (stdin %j) with exit code 2 naming %s, changing nothing',
    async (options, stdin, option) => {
      const run = recorder(stdin)
      expect(await createOperator(services, options, run.io)).toBe(EXIT.usage)
      expect(run.err()).toContain(option)
      expect(await counts(services)).toEqual({ users: 0, conferences: 0, memberships: 0, audit: 0 })
    },
  )
})

describe('create-conference', () => {
  const options = {
    name: 'Digital Ministers',
    venue: 'Lisbon',
    starts: '2030-05-06',
    ends: '2030-05-07',
    'secretariat-email': 'chair@example.org',
    'secretariat-name': 'Chair',
  }

  it('creates the conference and a secretariat account that signs in', async () => {
    const run = recorder()
    expect(await createConference(services, options, run.io)).toBe(EXIT.ok)
    const conferenceId = /conference id: (\S+)/.exec(run.out())![1]!
    expect(await services.conferences.get(conferenceId)).toMatchObject({
      name: 'Digital Ministers',
      venue: 'Lisbon',
      startsOn: '2030-05-06',
      endsOn: '2030-05-07',
    })
    const user = await services.accounts.authenticate(
      'chair@example.org',
      printedPassword(run.out()),
    )
    expect(user).toMatchObject({ name: 'Chair', isOperator: false })
    expect(await services.conferences.membershipsOf(user!.id)).toEqual([
      { conferenceId, role: 'secretariat', delegationId: null, decides: false },
    ])
    const audit = await services.audit.list()
    expect(audit.map((entry) => entry.action).sort()).toEqual([
      'account.create',
      'conference.create',
      'membership.add',
    ])
    for (const entry of audit) {
      expect(entry.actor_user_id).toBeNull()
      expect(entry.detail).toMatchObject({ via: 'cli' })
    }
  })

  it('makes an existing account the secretariat without touching its password', async () => {
    await services.accounts.create({
      email: 'chair@example.org',
      name: 'Chair',
      password: 'the chair’s own password',
    })
    const run = recorder()
    expect(await createConference(services, options, run.io)).toBe(EXIT.ok)
    expect(run.out()).toContain('existing account')
    expect(run.out()).not.toContain('password for')
    expect(
      await services.accounts.authenticate('chair@example.org', 'the chair’s own password'),
    ).not.toBeNull()
  })

  it.each([
    [{ starts: '2030-02-30' }, '--starts'],
    [{ ends: '7 May 2030' }, '--ends'],
    [{ starts: '2030-05-08' }, '--ends'],
    [{ 'secretariat-email': 'chair' }, '--secretariat-email'],
    [{ venue: '' }, '--venue'],
  ])('rejects %j with exit code 2 naming %s, changing nothing', async (change, option) => {
    const run = recorder()
    expect(await createConference(services, { ...options, ...change }, run.io)).toBe(EXIT.usage)
    expect(run.err()).toContain(option)
    expect(await counts(services)).toEqual({ users: 0, conferences: 0, memberships: 0, audit: 0 })
  })
})

describe('reset-password', () => {
  it('sets a new password that signs in, and ends every session', async () => {
    const user = await services.accounts.create({
      email: 'delegate@example.org',
      name: 'Delegate',
      password: 'the old password',
    })
    await services.sessions.create(user.id, 'cookie')
    const { token } = await services.sessions.create(user.id, 'bearer')
    const run = recorder()
    const code = await resetPassword(
      services,
      { email: 'DELEGATE@example.org', 'password-stdin': false },
      run.io,
    )
    expect(code).toBe(EXIT.ok)
    expect(run.out()).toContain('2 session(s) ended')
    expect(await services.sessions.validate(token)).toBeNull()
    expect(await services.sessions.list(user.id)).toEqual([])
    const password = printedPassword(run.out())
    expect(await services.accounts.authenticate('delegate@example.org', password)).not.toBeNull()
    expect(
      await services.accounts.authenticate('delegate@example.org', 'the old password'),
    ).toBeNull()
    expect((await services.audit.list())[0]).toMatchObject({
      actor_user_id: null,
      action: 'account.password-reset',
      target: user.id,
      detail: { via: 'cli' },
    })
  })

  it('takes the new password from stdin', async () => {
    await services.accounts.create({
      email: 'd@example.org',
      name: 'D',
      password: 'the old password',
    })
    const run = recorder('a brand new password\r\n')
    expect(
      await resetPassword(services, { email: 'd@example.org', 'password-stdin': true }, run.io),
    ).toBe(EXIT.ok)
    expect(run.out()).not.toContain('a brand new password')
    expect(
      await services.accounts.authenticate('d@example.org', 'a brand new password'),
    ).not.toBeNull()
  })

  it('refuses an unknown email with exit code 1, auditing nothing', async () => {
    const run = recorder()
    expect(
      await resetPassword(
        services,
        { email: 'nobody@example.org', 'password-stdin': false },
        run.io,
      ),
    ).toBe(EXIT.failed)
    expect(run.err()).toContain('no account with email nobody@example.org')
    expect(run.out()).toBe('')
    expect(await services.audit.list()).toEqual([])
  })
})

describe('list-sessions', () => {
  it('lists ids, emails, kinds and times, and never a secret', async () => {
    const a = await services.accounts.create({
      email: 'a@example.org',
      name: 'A',
      password: 'password of a!',
    })
    const b = await services.accounts.create({
      email: 'b@example.org',
      name: 'B',
      password: 'password of b!',
    })
    const first = await services.sessions.create(a.id, 'cookie', Date.UTC(2030, 0, 2, 9, 30))
    const second = await services.sessions.create(b.id, 'bearer', Date.UTC(2030, 0, 3, 10, 0))

    const all = recorder()
    expect(await listSessions(services, { email: undefined, json: false }, all.io)).toBe(EXIT.ok)
    const lines = all.out().split('\n')
    expect(lines[0]).toMatch(/^ID\s+EMAIL\s+KIND\s+CREATED\s+LAST ACTIVE$/)
    // Newest first.
    expect(lines[1]).toMatch(
      new RegExp(`^${second.session.id}\\s+b@example.org\\s+bearer\\s+2030-01-03 10:00 UTC`),
    )
    expect(lines[2]).toMatch(
      new RegExp(`^${first.session.id}\\s+a@example.org\\s+cookie\\s+2030-01-02 09:30 UTC`),
    )
    for (const { token } of [first, second]) expect(all.out()).not.toContain(token.split('.')[1])

    const one = recorder()
    expect(await listSessions(services, { email: 'a@example.org', json: false }, one.io)).toBe(
      EXIT.ok,
    )
    expect(one.out()).toContain(first.session.id)
    expect(one.out()).not.toContain(second.session.id)
  })

  it('says so when there is none, and refuses an unknown email', async () => {
    const none = recorder()
    expect(await listSessions(services, { email: undefined, json: false }, none.io)).toBe(EXIT.ok)
    expect(none.out()).toBe('no sessions')
    const unknown = recorder()
    expect(await listSessions(services, { email: 'x@example.org', json: false }, unknown.io)).toBe(
      EXIT.failed,
    )
  })
})

describe('option parsing', () => {
  const specs = COMMANDS['create-conference'].options

  it('reads --name value and --name=value', () => {
    expect(
      parseOptions(
        [
          '--name',
          'M',
          '--venue=V',
          '--starts',
          '2030-01-01',
          '--ends',
          '2030-01-02',
          '--secretariat-email',
          's@example.org',
        ],
        specs,
      ),
    ).toEqual({
      name: 'M',
      venue: 'V',
      starts: '2030-01-01',
      ends: '2030-01-02',
      'secretariat-email': 's@example.org',
      'secretariat-name': undefined,
    })
  })

  it('names every missing option at once, and every empty one', () => {
    expect(() => parseOptions(['--venue', 'V'], specs)).toThrow(
      'missing --name, --starts, --ends, --secretariat-email',
    )
    expect(() => parseOptions(['--name', ' ', '--venue=', '--ends', '2030-01-02'], specs)).toThrow(
      'missing --starts, --secretariat-email; --name, --venue must not be empty',
    )
  })

  it.each([
    [['--venue', 'V'], 'missing --name'],
    [['--name', 'M', '--bogus'], "Unknown option '--bogus'"],
    [['--name'], "Option '--name <value>' argument missing"],
    [['--name', ''], '--name must not be empty'],
    [['stray'], "Unexpected argument 'stray'"],
  ])('rejects %j: %s', (args, message) => {
    expect(() => parseOptions(args, specs)).toThrow(message)
  })
})
