import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Kysely } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { SessionStore } from '../auth/sessions.js'
import { openDatabase } from '../db/openDatabase.js'
import type { Database } from '../db/schema.js'
import { Accounts } from '../directory/Accounts.js'
import { Conferences } from '../directory/Conferences.js'
import { createLogger } from '../logger.js'
import { DEMO_DRAFT } from './demoDraft.js'
import { DEMO_CREDENTIALS_FILE, seedDemoIfEmpty } from './seedDemo.js'

const APP_URL = 'http://127.0.0.1:3000/app'
const opened: { dir: string; db: Kysely<Database> }[] = []

/** A fresh data directory with a migrated database, and a logger that keeps what it writes. */
async function installation() {
  const dir = mkdtempSync(join(tmpdir(), 'accord-demo-'))
  const db = await openDatabase(join(dir, 'accord.db'))
  opened.push({ dir, db })
  const lines: string[] = []
  const log = createLogger('info', { write: (line: string) => void lines.push(line) })
  return {
    dir,
    db,
    log,
    logged: () => lines.join(''),
    accounts: new Accounts(db, new SessionStore(db)),
    conferences: new Conferences(db),
  }
}

afterEach(async () => {
  for (const { dir, db } of opened.splice(0)) {
    await db.destroy()
    rmSync(dir, { recursive: true, force: true })
  }
})

/** The email and password of each account line of the credentials file. */
function credentials(file: string): Map<string, string> {
  const found = new Map<string, string>()
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /(\S+@\S+)\s+(\S+)$/.exec(line)
    if (match) found.set(match[1]!, match[2]!)
  }
  return found
}

describe('the demo seed', () => {
  it('creates a conference of every kind of delegation, with accounts for every role', async () => {
    const inst = await installation()
    const seed = await seedDemoIfEmpty(inst, inst.dir, inst.log, { appUrl: APP_URL })
    expect(seed).not.toBeNull()
    const [conference] = await inst.conferences.list()
    expect(conference).toMatchObject({ id: seed!.conferenceId })
    // The declaration's title is the one its title paragraph reads.
    const [declaration] = await inst.conferences.declarations(conference!.id)
    expect(declaration?.title).toBe(DEMO_DRAFT.find((block) => block.kind === 'title')?.text)

    const delegations = await inst.conferences.delegations(conference!.id)
    const ofKind = (kind: string) => delegations.filter((d) => d.kind === kind)
    const members = ofKind('member')
    expect(members.length).toBeGreaterThanOrEqual(20)
    expect(members.every((d) => d.decides)).toBe(true)
    expect(members.map((d) => d.code)).toEqual(expect.arrayContaining(['JPN', 'DEU', 'BRA', 'EU']))
    // ISO 3166-1 alpha-3 for states; the EU is the one member that is not a state.
    for (const { code } of members) expect(code).toMatch(code === 'EU' ? /^EU$/ : /^[A-Z]{3}$/)
    expect(
      ofKind('guest')
        .map((d) => d.code)
        .sort(),
    ).toEqual(['ESP', 'NLD', 'SGP'])
    expect(
      ofKind('organization')
        .map((d) => d.code)
        .sort(),
    ).toEqual(['ITU', 'OECD', 'UNESCO', 'WTO'])
    expect(
      ofKind('stakeholder')
        .map((d) => d.code)
        .sort(),
    ).toEqual(['B20', 'C20', 'T20', 'Y20'])
    for (const d of delegations) expect(d.decides).toBe(d.kind === 'member')

    const people = await inst.conferences.members(conference!.id)
    const withRole = (role: string) => people.filter((m) => m.role === role)
    expect(withRole('secretariat')).toHaveLength(1)
    expect(withRole('observer')).toHaveLength(1)
    const codeOf = new Map(delegations.map((d) => [d.id, d]))
    const deciding = withRole('delegate')
      .map((m) => codeOf.get(m.delegationId!)!)
      .filter((d) => d.decides)
    expect(new Set(deciding.map((d) => d.code)).size).toBeGreaterThanOrEqual(3)

    expect(await inst.conferences.declarations(conference!.id)).toEqual([
      expect.objectContaining({ id: seed!.declarationId, stage: 'negotiating' }),
    ])
    expect(await inst.accounts.byEmail('operator@accord.example')).toMatchObject({
      isOperator: true,
    })
  })

  it('writes every password to a file only its owner reads, and none to the log', async () => {
    const inst = await installation()
    const seed = (await seedDemoIfEmpty(inst, inst.dir, inst.log, { appUrl: APP_URL }))!
    const file = join(inst.dir, DEMO_CREDENTIALS_FILE)
    expect(seed.credentialsFile).toBe(file)
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(readFileSync(file, 'utf8')).toContain(`Sign in at ${APP_URL}`)

    const found = credentials(file)
    expect(found.size).toBe(seed.accounts.length)
    for (const [email, password] of found) {
      expect(password.length).toBeGreaterThanOrEqual(16)
      expect(await inst.accounts.authenticate(email, password), email).not.toBeNull()
      expect(inst.logged()).not.toContain(password)
    }
    expect(inst.logged()).toContain(file)
    expect(inst.logged()).toContain(APP_URL)
  })

  it('does nothing on a second start, or on a database that holds anything', async () => {
    const inst = await installation()
    const seed = (await seedDemoIfEmpty(inst, inst.dir, inst.log))!
    const before = readFileSync(seed.credentialsFile, 'utf8')
    expect(await seedDemoIfEmpty(inst, inst.dir, inst.log)).toBeNull()
    expect(await inst.conferences.list()).toHaveLength(1)
    expect(readFileSync(seed.credentialsFile, 'utf8')).toBe(before)

    const used = await installation()
    await used.accounts.create({ email: 'me@example.org', name: 'Me', password: 'my own password' })
    expect(await seedDemoIfEmpty(used, used.dir, used.log)).toBeNull()
    expect(await used.conferences.list()).toEqual([])
    expect(existsSync(join(used.dir, DEMO_CREDENTIALS_FILE))).toBe(false)
  })

  it('gives each installation its own passwords', async () => {
    const [one, two] = [await installation(), await installation()]
    const a = credentials((await seedDemoIfEmpty(one, one.dir, one.log))!.credentialsFile)
    const b = credentials((await seedDemoIfEmpty(two, two.dir, two.log))!.credentialsFile)
    expect([...a.keys()]).toEqual([...b.keys()])
    for (const [email, password] of a) expect(b.get(email)).not.toBe(password)
  })
})
