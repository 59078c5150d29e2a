import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import { migrate } from './migrations.js'
import { preparePrivateFile } from './privateFile.js'
import type { Database } from './schema.js'

/**
 * Opens the database of accounts, conferences and the audit log, and migrates it.
 *
 * This connection runs with `synchronous = FULL`: sessions, memberships and the audit log must
 * survive power loss, not just a crash. (The update log of documents has its own connection and
 * durability setting: see SqliteDocumentStore.)
 */
export async function openDatabase(path: string): Promise<Kysely<Database>> {
  preparePrivateFile(path)
  const sqlite = new SQLite(path)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  await migrate(db as unknown as Kysely<unknown>)
  return db
}
