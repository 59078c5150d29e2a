import { join } from 'node:path'
import type { Kysely } from 'kysely'
import type { z } from 'zod'
import { AuditLog } from '../audit/AuditLog.js'
import { SessionStore } from '../auth/sessions.js'
import { openDatabase } from '../db/openDatabase.js'
import type { Database } from '../db/schema.js'
import { Accounts } from '../directory/Accounts.js'
import { Conferences, type Delegation } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import { type OptionSpecs, type ParsedOptions, UsageError } from './args.js'

/** Exit codes of `pnpm accord`. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** Where the command line runs: the data directory, the caller's folder, the server's address. */
export interface CliContext {
  /** The data directory (absolute). */
  readonly dataDir: string
  /** The folder the operator ran `pnpm accord` in; relative paths in options mean this one. */
  readonly cwd: string
  /** Where browsers reach the server, for invitation links (`--base-url` overrides it). */
  readonly baseUrl: string
}

/** What the commands work with: the database of accounts and conferences, nothing else. */
export interface CliServices {
  readonly db: Kysely<Database>
  readonly accounts: Accounts
  readonly sessions: SessionStore
  readonly conferences: Conferences
  readonly audit: AuditLog
  readonly context: CliContext
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
export function cliServices(db: Kysely<Database>, context: CliContext): CliServices {
  const sessions = new SessionStore(db)
  return {
    db,
    sessions,
    accounts: new Accounts(db, sessions),
    conferences: new Conferences(db),
    audit: new AuditLog(db),
    context,
  }
}

/**
 * Opens the database the server uses (`<dataDir>/accord.db`, migrated). The server may be
 * running: SQLite in WAL mode with a busy timeout lets both write.
 */
export async function openCliServices(
  dataDir: string,
  context: Partial<Omit<CliContext, 'dataDir'>> = {},
): Promise<CliServices> {
  return cliServices(await openDatabase(join(dataDir, 'accord.db')), {
    dataDir,
    cwd: context.cwd ?? process.cwd(),
    baseUrl: context.baseUrl ?? 'http://127.0.0.1:3000',
  })
}

/**
 * Runs `work` in one transaction: a failure leaves nothing half-made (a conference without its
 * secretariat, a change without its audit entry).
 */
export function inTransaction<T>(
  services: CliServices,
  work: (s: CliServices) => Promise<T>,
): Promise<T> {
  return services.db.transaction().execute((trx) => work(cliServices(trx, services.context)))
}

/** `value` checked against the REST API's own schema; a failure names the option. */
export function valid<T>(schema: z.ZodType<T>, value: string, option: string): T {
  const result = schema.safeParse(value)
  if (!result.success) {
    throw new UsageError(
      `--${option}: ${result.error.issues[0]?.message} (got ${JSON.stringify(value)})`,
    )
  }
  return result.data
}

/** `yes`/`no` (also `true`/`false`) as a boolean. */
export function yesNo(value: string, option: string): boolean {
  const v = value.trim().toLowerCase()
  if (v === 'yes' || v === 'true') return true
  if (v === 'no' || v === 'false') return false
  throw new UsageError(`--${option}: expected yes or no (got ${JSON.stringify(value)})`)
}

/** The conference an id names, or a refusal that says where the ids are. */
export async function conferenceOf(services: CliServices, id: string) {
  try {
    return await services.conferences.get(id.trim())
  } catch (error) {
    if (error instanceof ApiError && error.code === 'not_found') {
      throw new ApiError(
        'not_found',
        `no conference with id ${JSON.stringify(id)}; \`pnpm accord list-conferences\` lists them`,
      )
    }
    throw error
  }
}

/**
 * The delegation a code names in a conference, matched exactly (as the REST API matches it):
 * `jpn` is not `JPN`. A miss lists the codes there are.
 */
export async function delegationOf(
  services: CliServices,
  conferenceId: string,
  code: string,
): Promise<Delegation> {
  const all = await services.conferences.delegations(conferenceId)
  const found = all.find((d) => d.code === code)
  if (found) return found
  const codes = all.map((d) => d.code).join(', ')
  throw new ApiError(
    'not_found',
    `no delegation ${JSON.stringify(code)} in this conference (${codes ? `codes: ${codes}` : 'it has none yet; add one with `pnpm accord add-delegation`'})`,
  )
}

/** A time as `YYYY-MM-DD HH:MM UTC`. */
export function formatTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** Prints rows as an aligned table under `headers`, or `none` when there is no row. */
export function printTable(
  io: CliIo,
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  none: string,
): void {
  if (rows.length === 0) {
    io.out(none)
    return
  }
  const table = [headers, ...rows]
  const widths = headers.map((_, column) =>
    Math.max(...table.map((cells) => (cells[column] ?? '').length)),
  )
  for (const cells of table) {
    io.out(
      cells
        .map((cell, column) => cell.padEnd(widths[column]!))
        .join('  ')
        .trimEnd(),
    )
  }
}

/** Prints a value as JSON (for `--json`): one document on stdout, for scripts and `jq`. */
export function printJson(io: CliIo, value: unknown): void {
  io.out(JSON.stringify(value, null, 2))
}

/**
 * Runs a command body and turns its failures into exit codes: usage errors (and requests the
 * directory rejects as invalid) are 2, other refusals (an email taken, no such account) are 1.
 */
export async function guarded(io: CliIo, body: () => Promise<number>): Promise<number> {
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

/** One command of `pnpm accord`. */
export interface Command<S extends OptionSpecs> {
  readonly summary: string
  readonly options: S
  /**
   * Whether the command needs an existing data directory. Reading or changing one in a folder
   * that holds none would otherwise create an empty database there and report "nothing".
   */
  readonly needsData?: boolean
  run(services: CliServices, options: ParsedOptions<S>, io: CliIo): Promise<number>
}

/** An audit entry of the command line: no user acted, the operator's shell did. */
export const CLI_AUDIT = { actorUserId: null, detail: { via: 'cli' } } as const

/** What `invitation.created_by` holds for an invitation made on the command line. */
export const CLI_CREATOR = 'cli'
