import type { Kysely } from 'kysely'
import {
  hashPassword,
  MIN_PASSWORD_LENGTH,
  verifyDecoy,
  verifyPassword,
} from '../auth/passwords.js'
import { newId } from '../auth/secrets.js'
import type { SessionStore } from '../auth/sessions.js'
import type { Database } from '../db/schema.js'
import { ApiError } from '../errors.js'

/** A user as the API shows it; never the password hash. */
export interface User {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly isOperator: boolean
}

/** Emails compare case-insensitively; they are stored trimmed and lower-cased. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase()
}

function checkPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new ApiError(
      'invalid_request',
      `the password must have at least ${MIN_PASSWORD_LENGTH} characters`,
    )
  }
}

/** User accounts and their passwords. */
export class Accounts {
  constructor(
    readonly db: Kysely<Database>,
    readonly sessions: SessionStore,
  ) {}

  /**
   * Creates an account. Fails with `conflict` if the email is taken. Callers inside a
   * transaction pass `passwordHash` (from `hashPassword(password)`, computed before the
   * transaction): a write transaction must never wait on a slow hash, because SQLite's lock
   * would make every other writer, the relay included, wait with it.
   */
  async create(
    input: {
      email: string
      name: string
      password: string
      isOperator?: boolean
      passwordHash?: string
    },
    now = Date.now(),
  ): Promise<User> {
    checkPassword(input.password)
    const email = normaliseEmail(input.email)
    const existing = await this.db
      .selectFrom('user')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst()
    if (existing) throw new ApiError('conflict', 'an account with this email exists')
    const user = {
      id: newId(),
      email,
      name: input.name.trim(),
      isOperator: input.isOperator ?? false,
    }
    await this.db
      .insertInto('user')
      .values({
        id: user.id,
        email,
        name: user.name,
        password_hash: input.passwordHash ?? (await hashPassword(input.password)),
        is_operator: user.isOperator ? 1 : 0,
        created_at: now,
        password_changed_at: now,
      })
      .execute()
    return user
  }

  /** The account with these credentials, or null. Takes as long for unknown emails. */
  async authenticate(email: string, password: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('user')
      .selectAll()
      .where('email', '=', normaliseEmail(email))
      .executeTakeFirst()
    if (!row) return verifyDecoy(password).then(() => null)
    if (!(await verifyPassword(row.password_hash, password))) return null
    return toUser(row)
  }

  async byId(id: string): Promise<User | null> {
    const row = await this.db.selectFrom('user').selectAll().where('id', '=', id).executeTakeFirst()
    return row ? toUser(row) : null
  }

  async byEmail(email: string): Promise<User | null> {
    const row = await this.db
      .selectFrom('user')
      .selectAll()
      .where('email', '=', normaliseEmail(email))
      .executeTakeFirst()
    return row ? toUser(row) : null
  }

  /**
   * Sets a new password and ends every session of the account. As with `create`, callers in a
   * transaction pass the hash computed beforehand.
   */
  async setPassword(
    userId: string,
    password: string,
    { passwordHash, now = Date.now() }: { passwordHash?: string; now?: number } = {},
  ): Promise<void> {
    checkPassword(password)
    passwordHash ??= await hashPassword(password)
    const result = await this.db
      .updateTable('user')
      .set({ password_hash: passwordHash, password_changed_at: now })
      .where('id', '=', userId)
      .executeTakeFirst()
    if (Number(result.numUpdatedRows) === 0) throw new ApiError('not_found', 'no such user')
    await this.sessions.invalidateAll(userId)
  }
}

function toUser(row: { id: string; email: string; name: string; is_operator: number }): User {
  return { id: row.id, email: row.email, name: row.name, isOperator: row.is_operator === 1 }
}
