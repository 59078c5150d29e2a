import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { type ConferenceFixture, expectStatus, setUpConference } from './fixtures.js'

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(async () => {
  await f?.close()
})

/** The byte strings under which a secret could sit in a column or a file. */
function formsOf(secret: string): Buffer[] {
  const forms = [Buffer.from(secret, 'utf8')]
  // Secret halves are base64url of 32 random bytes: the raw bytes must not be stored either.
  if (/^[A-Za-z0-9_-]{43}$/.test(secret)) forms.push(Buffer.from(secret, 'base64url'))
  return forms
}

/** Every row of every table in the database file, through the server's own connection. */
async function everyCell(): Promise<Array<{ where: string; value: unknown }>> {
  const { db } = f.server.services
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true })
  const cells: Array<{ where: string; value: unknown }> = []
  for (const table of tables) {
    const rows = (await db
      .selectFrom(table.name as 'user')
      .selectAll()
      .execute()) as unknown as Array<Record<string, unknown>>
    rows.forEach((row, i) => {
      for (const [column, value] of Object.entries(row)) {
        cells.push({ where: `${table.name}[${i}].${column}`, value })
      }
    })
  }
  return cells
}

/** Where `needle` occurs, as text in a text cell or as bytes in a blob. */
function occurrences(cells: Array<{ where: string; value: unknown }>, needle: Buffer): string[] {
  const text = needle.toString('utf8')
  return cells
    .filter(({ value }) =>
      typeof value === 'string'
        ? value.includes(text)
        : value instanceof Uint8Array && Buffer.from(value).includes(needle),
    )
    .map(({ where }) => where)
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? filesUnder(path) : [path]
  })
}

it('holds no token, token secret, invitation secret or password in any table or file', async () => {
  // Beyond the fixture's sign-ins and invitations: a password change, sign-out everywhere, a
  // cookie sign-in, a failed sign-in with a distinctive password, and an unused invitation.
  const newPassword = 'a brand new password for Aiko'
  f.remember(newPassword)
  const changed = await f.jpn.api.auth.password.$post({
    json: { currentPassword: f.jpn.password, newPassword },
  })
  await expectStatus(changed, 200, 'password change')
  const changedBody = await changed.json()
  if (!changedBody.token) throw new Error('no token after a bearer password change')
  f.remember(changedBody.token)

  const fraSecond = await f.signIn(f.fra.email, f.fra.password)
  const out = await f.fra.api.auth['logout-all'].$post()
  await expectStatus(out, 200, 'logout-all')
  expect(fraSecond).not.toBe(f.fra.token)

  const cookieLogin = await fetch(`${f.apiBase}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: f.observer.email, password: f.observer.password }),
  })
  expect(cookieLogin.status).toBe(200)
  const cookie = cookieLogin.headers.getSetCookie().find((c) => c.startsWith('accord_session='))
  if (!cookie) throw new Error('no session cookie')
  const cookieToken = decodeURIComponent(cookie.slice('accord_session='.length).split(';')[0]!)
  f.remember(cookieToken)

  const wrongPassword = 'Guessing-Hunter2-Password'
  f.remember(wrongPassword)
  const failed = await f.anonymous.auth.login.$post({
    json: { email: f.secretariat.email, password: wrongPassword, mode: 'bearer' },
  })
  expect(failed.status).toBe(401)

  const unused = await f.secretariat.api.conferences[':conferenceId'].invitations.$post({
    param: { conferenceId: f.conferenceId },
    json: { role: 'observer', email: 'press@example.org' },
  })
  await expectStatus(unused, 201, 'invitation')
  const unusedBody = await unused.json()
  f.remember(unusedBody.token)
  // The URL is the token's other carrier.
  expect(unusedBody.url).toContain(unusedBody.token)

  // Something was written to the relay's tables too.
  const draft = f.connect(f.draft(), changedBody.token)
  await new Promise<void>((resolve) => draft.provider.once('sync', () => resolve()))
  draft.doc.getText('text').insert(0, 'OP1 text')
  const check = f.connect(f.draft(), f.secretariat.token)
  await new Promise<void>((resolve) => {
    const poll = () =>
      check.doc.getText('text').toString() === 'OP1 text' ? resolve() : setTimeout(poll, 10)
    poll()
  })

  const secrets = [...new Set(f.secrets)]
  // Passwords, tokens and halves of every user, invitation and session above.
  expect(secrets.length).toBeGreaterThan(20)

  const cells = await everyCell()
  const tables = new Set(cells.map(({ where }) => where.split('[')[0]))
  for (const table of ['user', 'session', 'invitation', 'audit_log']) {
    expect(tables).toContain(table)
  }
  const found: string[] = []
  for (const secret of secrets) {
    for (const form of formsOf(secret)) {
      for (const where of occurrences(cells, form)) found.push(`${where} holds ${secret}`)
    }
  }
  expect(found).toEqual([])

  // The scan does see what is stored: the SHA-256 of a live token's secret, and emails.
  const secretHalf = changedBody.token.split('.')[1]!
  const hash = createHash('sha256').update(secretHalf).digest()
  expect(occurrences(cells, hash)).toEqual([expect.stringMatching(/^session\[\d+\]\.secret_hash$/)])
  expect(occurrences(cells, Buffer.from(f.jpn.email)).length).toBeGreaterThan(0)

  // And the files themselves (database, WAL, anything else in the data directory), which also
  // hold freed pages and old versions of rows.
  const files = filesUnder(f.dataDir)
  // Both databases: accounts (accord.db) and the relay's documents (documents.db).
  expect(files.some((file) => file.endsWith('accord.db'))).toBe(true)
  expect(files.some((file) => file.endsWith('documents.db'))).toBe(true)
  const leaks: string[] = []
  let sawHash = false
  for (const file of files) {
    const bytes = readFileSync(file)
    if (bytes.includes(hash)) sawHash = true
    for (const secret of secrets) {
      for (const form of formsOf(secret)) {
        if (bytes.includes(form)) leaks.push(`${file} holds ${secret}`)
      }
    }
  }
  expect(leaks).toEqual([])
  expect(sawHash).toBe(true)
})
