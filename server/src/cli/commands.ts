import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { AuditLog } from '../audit/AuditLog.js'
import { hashPassword } from '../auth/passwords.js'
import { randomString } from '../auth/secrets.js'
import { SessionStore } from '../auth/sessions.js'
import { openDatabase } from '../db/openDatabase.js'
import type { Database } from '../db/schema.js'
import { Accounts } from '../directory/Accounts.js'
import { Conferences } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import { Email, Name, Password } from '../routes/schemas.js'
import { type OptionSpecs, type ParsedOptions, UsageError } from './args.js'

/** Exit codes of `pnpm accord`. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** What the commands work with: the database of accounts and conferences, nothing else. */
export interface CliServices {
  readonly db: Kysely<Database>
  readonly accounts: Accounts
  readonly sessions: SessionStore
  readonly conferences: Conferences
  readonly audit: AuditLog
}

/** Where a command writes, and where `--password-stdin` reads from. */
export interface CliIo {
  /** One line (or block) for stdout. */
  out(text: string): void
  /** One line (or block) for stderr. */
  err(text: string): void
  /** Everything on stdin, until it ends. */
  readStdin(): Promise<string>
}

/** The services on one database handle (the database itself, or a transaction). */
export function cliServices(db: Kysely<Database>): CliServices {
  const sessions = new SessionStore(db)
  return {
    db,
    sessions,
    accounts: new Accounts(db, sessions),
    conferences: new Conferences(db),
    audit: new AuditLog(db),
  }
}

/**
 * Opens the database the server uses (`<dataDir>/accord.db`, migrated). The server may be
 * running: SQLite in WAL mode with a busy timeout lets both write.
 */
export async function openCliServices(dataDir: string): Promise<CliServices> {
  return cliServices(await openDatabase(join(dataDir, 'accord.db')))
}

// Commands that write more than one row do so in one transaction: a failure leaves nothing
// half-made (a conference without its secretariat, an account without its audit entry).
function inTransaction<T>(services: CliServices, work: (s: CliServices) => Promise<T>): Promise<T> {
  return services.db.transaction().execute((trx) => work(cliServices(trx)))
}

/** 20 symbols of a 32-symbol alphabet: 100 random bits, easy to read aloud and type. */
function generatePassword(): string {
  return randomString(20)
}

/** A password from stdin: one trailing line break (from `echo` or a file) is not part of it. */
async function passwordFromStdin(io: CliIo): Promise<string> {
  const password = (await io.readStdin()).replace(/\r?\n$/, '')
  const checked = Password.safeParse(password)
  if (!checked.success) {
    throw new UsageError(
      `--password-stdin: the password must have 12 to 256 characters (got ${password.length})`,
    )
  }
  return password
}

function valid<T>(schema: z.ZodType<T>, value: string, option: string): T {
  const result = schema.safeParse(value)
  if (!result.success) {
    throw new UsageError(
      `--${option}: ${result.error.issues[0]?.message} (got ${JSON.stringify(value)})`,
    )
  }
  return result.data
}

function isoDate(value: string, option: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null
  // Round-tripping rejects dates that do not exist, such as 2025-02-30.
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(
      `--${option}: expected a date as YYYY-MM-DD (got ${JSON.stringify(value)})`,
    )
  }
  return value
}

function printPassword(io: CliIo, email: string, password: string): void {
  io.out(`password for ${email}: ${password}`)
  io.out('It is shown only this once: pass it on over a secure channel.')
}

/**
 * Runs a command body and turns its failures into exit codes: usage errors (and requests the
 * directory rejects as invalid) are 2, other refusals (an email taken, no such account) are 1.
 */
async function guarded(io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body()
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`accord: ${error.message}`)
      return EXIT.usage
    }
    if (error instanceof ApiError) {
      io.err(`accord: ${error.message}`)
      return error.code === 'invalid_request' ? EXIT.usage : EXIT.failed
    }
    throw error
  }
}

const createOperatorOptions = {
  email: { type: 'string', required: true, placeholder: 'E', help: 'the operator’s email' },
  name: { type: 'string', required: true, placeholder: 'N', help: 'the operator’s name' },
  'password-stdin': {
    type: 'boolean',
    help: 'read the password from stdin instead of generating one',
  },
} as const satisfies OptionSpecs

/** Creates an operator account, with a generated password printed once (or one from stdin). */
export function createOperator(
  services: CliServices,
  options: ParsedOptions<typeof createOperatorOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const email = valid(Email, options.email, 'email')
    const name = valid(Name, options.name, 'name')
    if (await services.accounts.byEmail(email)) {
      throw new ApiError('conflict', `an account with email ${email} exists`)
    }
    const password = options['password-stdin'] ? await passwordFromStdin(io) : generatePassword()
    const passwordHash = await hashPassword(password)
    const user = await inTransaction(services, async ({ accounts, audit }) => {
      const created = await accounts.create({
        email,
        name,
        password,
        passwordHash,
        isOperator: true,
      })
      await audit.record({
        actorUserId: null,
        action: 'account.create',
        outcome: 'ok',
        target: created.id,
        detail: { via: 'cli' },
      })
      return created
    })
    io.out(`created operator ${user.email} (user ${user.id})`)
    if (!options['password-stdin']) printPassword(io, user.email, password)
    return EXIT.ok
  })
}

const createConferenceOptions = {
  name: { type: 'string', required: true, placeholder: 'N', help: 'the conference’s name' },
  venue: { type: 'string', required: true, placeholder: 'V', help: 'where it takes place' },
  starts: { type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'first day' },
  ends: { type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'last day' },
  'secretariat-email': {
    type: 'string',
    required: true,
    placeholder: 'E',
    help: 'the secretariat’s account; created if missing',
  },
  'secretariat-name': {
    type: 'string',
    placeholder: 'N',
    help: 'name of a new secretariat account (default "Secretariat")',
  },
} as const satisfies OptionSpecs

/** Creates a conference and makes an account (created if missing) its secretariat. */
export function createConference(
  services: CliServices,
  options: ParsedOptions<typeof createConferenceOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const name = valid(Name, options.name, 'name')
    const venue = valid(Name, options.venue, 'venue')
    const startsOn = isoDate(options.starts, 'starts')
    const endsOn = isoDate(options.ends, 'ends')
    if (endsOn < startsOn) throw new UsageError('--ends: the conference ends before it starts')
    const email = valid(Email, options['secretariat-email'], 'secretariat-email')
    const secretariatName = valid(
      Name,
      options['secretariat-name'] ?? 'Secretariat',
      'secretariat-name',
    )
    // Hashed before the transaction, whether or not the account turns out to exist: a write
    // transaction never waits on a slow hash (see Accounts.create).
    const newPassword = generatePassword()
    const newPasswordHash = await hashPassword(newPassword)
    const result = await inTransaction(services, async ({ accounts, conferences, audit }) => {
      let user = await accounts.byEmail(email)
      let password: string | null = null
      if (!user) {
        password = newPassword
        user = await accounts.create({
          email,
          name: secretariatName,
          password,
          passwordHash: newPasswordHash,
        })
        await audit.record({
          actorUserId: null,
          action: 'account.create',
          outcome: 'ok',
          target: user.id,
          detail: { via: 'cli' },
        })
      }
      const conference = await conferences.create({ name, venue, startsOn, endsOn })
      await audit.record({
        actorUserId: null,
        action: 'conference.create',
        outcome: 'ok',
        conferenceId: conference.id,
        detail: { via: 'cli' },
      })
      await conferences.addMember(conference.id, user.id, 'secretariat', null)
      await audit.record({
        actorUserId: null,
        action: 'membership.add',
        outcome: 'ok',
        conferenceId: conference.id,
        target: user.id,
        detail: { via: 'cli', role: 'secretariat' },
      })
      return { conference, user, password }
    })
    io.out(`created conference ${result.conference.name}`)
    io.out(`conference id: ${result.conference.id}`)
    io.out(
      `secretariat: ${result.user.email} (${result.password ? 'new account' : 'existing account'})`,
    )
    if (result.password) printPassword(io, result.user.email, result.password)
    return EXIT.ok
  })
}

const resetPasswordOptions = {
  email: { type: 'string', required: true, placeholder: 'E', help: 'the account’s email' },
  'password-stdin': {
    type: 'boolean',
    help: 'read the new password from stdin instead of generating one',
  },
} as const satisfies OptionSpecs

/** Sets a new password, which ends every session of the account. */
export function resetPassword(
  services: CliServices,
  options: ParsedOptions<typeof resetPasswordOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const email = valid(Email, options.email, 'email')
    const password = options['password-stdin'] ? await passwordFromStdin(io) : generatePassword()
    const passwordHash = await hashPassword(password)
    const ended = await inTransaction(services, async ({ accounts, sessions, audit }) => {
      const user = await accounts.byEmail(email)
      if (!user) throw new ApiError('not_found', `no account with email ${email}`)
      const count = (await sessions.list(user.id)).length
      await accounts.setPassword(user.id, password, { passwordHash })
      await audit.record({
        actorUserId: null,
        action: 'account.password-reset',
        outcome: 'ok',
        target: user.id,
        detail: { via: 'cli' },
      })
      return count
    })
    io.out(`new password set for ${email}; ${ended} session(s) ended`)
    if (!options['password-stdin']) printPassword(io, email, password)
    return EXIT.ok
  })
}

const listSessionsOptions = {
  email: { type: 'string', placeholder: 'E', help: 'only this account’s sessions' },
} as const satisfies OptionSpecs

/** A time as `YYYY-MM-DD HH:MM UTC`. */
function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** Lists sessions, newest first: their public ids and times, never a secret or its hash. */
export function listSessions(
  services: CliServices,
  options: ParsedOptions<typeof listSessionsOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    let userId: string | undefined
    if (options.email !== undefined) {
      const email = valid(Email, options.email, 'email')
      const user = await services.accounts.byEmail(email)
      if (!user) throw new ApiError('not_found', `no account with email ${email}`)
      userId = user.id
    }
    const rows = await services.sessions.list(userId)
    if (rows.length === 0) {
      io.out('no sessions')
      return EXIT.ok
    }
    const table = [
      ['ID', 'EMAIL', 'KIND', 'CREATED', 'LAST ACTIVE'],
      ...rows.map((row) => [
        row.id,
        row.email,
        row.kind,
        formatTime(Number(row.created_at)),
        formatTime(Number(row.last_active_at)),
      ]),
    ]
    const widths = table[0]!.map((_, column) =>
      Math.max(...table.map((cells) => cells[column]!.length)),
    )
    for (const cells of table) {
      io.out(
        cells
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join('  ')
          .trimEnd(),
      )
    }
    return EXIT.ok
  })
}

/** One command of `pnpm accord`. */
export interface Command<S extends OptionSpecs> {
  readonly summary: string
  readonly options: S
  run(services: CliServices, options: ParsedOptions<S>, io: CliIo): Promise<number>
}

/** Every command, by name, in the order the usage text lists them. */
export const COMMANDS = {
  'create-operator': {
    summary: 'Create an operator account; prints a generated password once.',
    options: createOperatorOptions,
    run: createOperator,
  },
  'create-conference': {
    summary:
      'Create a conference with an account as its secretariat (created if missing, with a\n    generated password printed once). Prints the conference id.',
    options: createConferenceOptions,
    run: createConference,
  },
  'reset-password': {
    summary: 'Set a new password (printed once) and end every session of the account.',
    options: resetPasswordOptions,
    run: resetPassword,
  },
  'list-sessions': {
    summary: 'List sessions, newest first (ids and times; never a secret).',
    options: listSessionsOptions,
    run: listSessions,
  },
} satisfies Record<string, Command<OptionSpecs>>

export type CommandName = keyof typeof COMMANDS
