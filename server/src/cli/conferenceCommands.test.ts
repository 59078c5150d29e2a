import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseOptions } from './args.js'
import {
  type CliServices,
  COMMANDS,
  createDeclaration,
  EXIT,
  listConferences,
  listDeclarations,
  openCliServices,
} from './commands.js'
import { recorder } from './testIo.js'

let dir: string
let services: CliServices
let conferenceId: string

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-cli-conf-'))
  services = await openCliServices(dir)
  conferenceId = (
    await services.conferences.create({
      name: 'Digital Ministers',
      venue: 'Lisbon',
      startsOn: '2030-05-06',
      endsOn: '2030-05-07',
    })
  ).id
})

afterEach(async () => {
  await services.db.destroy()
  rmSync(dir, { recursive: true, force: true })
})

/** Runs a command as the command line would: its options parsed from `args`. */
async function run(name: keyof typeof COMMANDS, args: string[]) {
  const command = COMMANDS[name]
  const r = recorder()
  const options = parseOptions(args, command.options)
  // biome-ignore lint/suspicious/noExplicitAny: each command takes its own parsed options
  const code = await command.run(services, options as any, r.io)
  return { code, out: r.out(), err: r.err() }
}

async function auditActions() {
  return (await services.audit.list()).map((entry) => [entry.action, entry.target, entry.detail])
}

describe('list-conferences', () => {
  it('lists ids as a table and as JSON', async () => {
    const table = await listConferences(services, { json: false }, recorder().io)
    expect(table).toBe(EXIT.ok)
    const { out } = await run('list-conferences', [])
    expect(out).toMatch(
      new RegExp(
        `^ID\\s+NAME\\s+VENUE\\s+STARTS\\s+ENDS\\n${conferenceId}\\s+Digital Ministers\\s+Lisbon\\s+2030-05-06\\s+2030-05-07$`,
      ),
    )
    const json = await run('list-conferences', ['--json'])
    expect(JSON.parse(json.out)).toEqual([
      {
        id: conferenceId,
        name: 'Digital Ministers',
        venue: 'Lisbon',
        startsOn: '2030-05-06',
        endsOn: '2030-05-07',
      },
    ])
  })
})

describe('delegations', () => {
  it('adds members (deciding by default) and advisory groups, lists them, and audits as the CLI', async () => {
    const jpn = await run('add-delegation', [
      '--conference',
      conferenceId,
      '--code',
      'JPN',
      '--name',
      'Japan',
      '--kind',
      'member',
    ])
    expect(jpn).toMatchObject({ code: EXIT.ok, err: '' })
    expect(jpn.out).toContain('added delegation JPN (Japan, member, decides)')
    const b20 = await run('add-delegation', [
      '--conference',
      conferenceId,
      '--code',
      'B20',
      '--name',
      'Business 20',
      '--kind',
      'stakeholder',
    ])
    expect(b20.code).toBe(EXIT.ok)
    const listed = await run('list-delegations', ['--conference', conferenceId, '--json'])
    expect(JSON.parse(listed.out)).toMatchObject([
      { code: 'B20', kind: 'stakeholder', decides: false },
      { code: 'JPN', kind: 'member', decides: true },
    ])
    const table = await run('list-delegations', ['--conference', conferenceId])
    expect(table.out.split('\n')[0]).toMatch(/^CODE\s+NAME\s+KIND\s+DECIDES\s+ID$/)
    expect(await auditActions()).toEqual(
      expect.arrayContaining([
        ['delegation.create', 'JPN', { via: 'cli' }],
        ['delegation.create', 'B20', { via: 'cli' }],
      ]),
    )
    for (const entry of await services.audit.list()) {
      expect(entry.actor_user_id).toBeNull()
      expect(entry.conference_id).toBe(conferenceId)
    }
  })

  it.each([
    [['--code', 'jpn', '--name', 'Japan', '--kind', 'member'], '--code'],
    [['--code', 'JPN', '--name', 'Japan', '--kind', 'state'], '--kind'],
    [['--code', 'JPN', '--name', 'Japan', '--kind', 'member', '--decides', 'maybe'], '--decides'],
    [
      ['--code', 'B20', '--name', 'B20', '--kind', 'stakeholder', '--decides', 'yes'],
      'only member delegations can block consensus',
    ],
  ])(
    'refuses %j with exit code 2 (the REST schema’s rule: %s), adding nothing',
    async (args, problem) => {
      const result = await run('add-delegation', ['--conference', conferenceId, ...args])
      expect(result.code).toBe(EXIT.usage)
      expect(result.err).toContain(problem)
      expect(await services.conferences.delegations(conferenceId)).toEqual([])
      expect(await services.audit.list()).toEqual([])
    },
  )

  it('refuses a taken code and an unknown conference with exit code 1, saying where the ids are', async () => {
    const args = ['--code', 'JPN', '--name', 'Japan', '--kind', 'member']
    expect((await run('add-delegation', ['--conference', conferenceId, ...args])).code).toBe(
      EXIT.ok,
    )
    const taken = await run('add-delegation', ['--conference', conferenceId, ...args])
    expect(taken.code).toBe(EXIT.failed)
    expect(taken.err).toContain('delegation JPN exists')
    const unknown = await run('list-delegations', ['--conference', 'nosuchconference'])
    expect(unknown.code).toBe(EXIT.failed)
    expect(unknown.err).toContain('pnpm accord list-conferences')
  })

  it('edits the name, kind and whether it decides; the code stays; a non-member cannot decide', async () => {
    await run('add-delegation', [
      '--conference',
      conferenceId,
      '--code',
      'EU',
      '--name',
      'EU',
      '--kind',
      'member',
    ])
    const renamed = await run('edit-delegation', [
      '--conference',
      conferenceId,
      '--delegation',
      'EU',
      '--name',
      'European Union',
    ])
    expect(renamed.code).toBe(EXIT.ok)
    expect(renamed.out).toContain('EU, member, decides → European Union, member, decides')
    // A member turned into an organization becomes advisory unless told otherwise.
    const demoted = await run('edit-delegation', [
      '--conference',
      conferenceId,
      '--delegation',
      'EU',
      '--kind',
      'organization',
    ])
    expect(demoted.code).toBe(EXIT.ok)
    const [eu] = await services.conferences.delegations(conferenceId)
    expect(eu).toMatchObject({
      code: 'EU',
      name: 'European Union',
      kind: 'organization',
      decides: false,
    })
    const refused = await run('edit-delegation', [
      '--conference',
      conferenceId,
      '--delegation',
      'EU',
      '--decides',
      'yes',
    ])
    expect(refused.code).toBe(EXIT.usage)
    expect(refused.err).toContain('only member delegations can block consensus')
    const nothing = await run('edit-delegation', [
      '--conference',
      conferenceId,
      '--delegation',
      'EU',
    ])
    expect(nothing.code).toBe(EXIT.usage)
    expect(nothing.err).toContain('nothing to change')
    // Codes are matched exactly, as the REST API matches them.
    const other = await run('edit-delegation', [
      '--conference',
      conferenceId,
      '--delegation',
      'eu',
      '--name',
      'X',
    ])
    expect(other.code).toBe(EXIT.failed)
    expect(other.err).toContain('codes: EU')
    expect(
      (await services.audit.list()).filter((e) => e.action === 'delegation.update'),
    ).toHaveLength(2)
    expect(
      (await services.audit.list()).find((e) => e.action === 'delegation.update' && e.detail.to),
    ).toMatchObject({
      target: 'EU',
      detail: { via: 'cli' },
    })
  })
})

describe('declarations', () => {
  it('creates a declaration in drafting, lists it, and validates the title as REST does', async () => {
    const created = await run('create-declaration', [
      '--conference',
      conferenceId,
      '--title',
      'Lisbon Declaration',
    ])
    expect(created.code).toBe(EXIT.ok)
    const declarationId = /declaration id: (\S+)/.exec(created.out)![1]!
    expect(await services.conferences.declaration(conferenceId, declarationId)).toMatchObject({
      title: 'Lisbon Declaration',
      stage: 'drafting',
    })
    const listed = await listDeclarations(
      services,
      { conference: conferenceId, json: true },
      recorder().io,
    )
    expect(listed).toBe(EXIT.ok)
    const json = await run('list-declarations', ['--conference', conferenceId, '--json'])
    expect(JSON.parse(json.out)).toEqual([
      { id: declarationId, conferenceId, title: 'Lisbon Declaration', stage: 'drafting' },
    ])
    expect((await services.audit.list())[0]).toMatchObject({
      action: 'declaration.create',
      target: declarationId,
      actor_user_id: null,
    })

    const long = await createDeclaration(
      services,
      { conference: conferenceId, title: 'x'.repeat(301) },
      recorder().io,
    )
    expect(long).toBe(EXIT.usage)
    expect(await services.conferences.declarations(conferenceId)).toHaveLength(1)
  })
})

describe('every command', () => {
  it('takes --json where it lists, and has a summary and help for each option', () => {
    for (const [name, command] of Object.entries(COMMANDS)) {
      expect(command.summary, name).not.toBe('')
      for (const spec of Object.values(command.options)) expect(spec.help, name).not.toBe('')
      if (name.startsWith('list-')) expect(command.options, name).toHaveProperty('json')
    }
  })
})
