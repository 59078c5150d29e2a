import { hashPassword } from '../auth/passwords.js'
import { randomString } from '../auth/secrets.js'
import { ApiError } from '../errors.js'
import { Email, Name, Password } from '../routes/schemas.js'
import { type OptionSpecs, type ParsedOptions, UsageError } from './args.js'
import {
  type CliIo,
  type CliServices,
  EXIT,
  formatTime,
  guarded,
  inTransaction,
  printJson,
  printTable,
  valid,
} from './support.js'

/** 20 symbols of a 32-symbol alphabet: 100 random bits, easy to read aloud and type. */
export function generatePassword(): string {
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

export function printPassword(io: CliIo, email: string, password: string): void {
  io.out(`password for ${email}: ${password}`)
  io.out('It is shown only this once: pass it on over a secure channel.')
}

export const createOperatorOptions = {
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

export const resetPasswordOptions = {
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

export const listSessionsOptions = {
  email: { type: 'string', placeholder: 'E', help: 'only this account’s sessions' },
  json: { type: 'boolean', help: 'print JSON instead of a table' },
} as const satisfies OptionSpecs

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
    if (options.json) {
      printJson(
        io,
        rows.map((row) => ({
          id: row.id,
          email: row.email,
          kind: row.kind,
          createdAt: Number(row.created_at),
          lastActiveAt: Number(row.last_active_at),
        })),
      )
      return EXIT.ok
    }
    printTable(
      io,
      ['ID', 'EMAIL', 'KIND', 'CREATED', 'LAST ACTIVE'],
      rows.map((row) => [
        row.id,
        row.email,
        row.kind,
        formatTime(Number(row.created_at)),
        formatTime(Number(row.last_active_at)),
      ]),
      'no sessions',
    )
    return EXIT.ok
  })
}
