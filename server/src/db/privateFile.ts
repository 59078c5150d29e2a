import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Prepares a SQLite database file that only the server's user may read: the file (created empty
 * if missing) and any WAL and shared-memory files beside it get mode 0600, whatever the umask,
 * and a created folder gets 0700. SQLite creates the -wal and -shm files with the database
 * file's own permissions, so setting the main file first covers them too. Existing files are
 * corrected as well, so an installation made before this rule is tightened at its next start.
 * These files hold password hashes, session hashes and every delegation's text.
 */
export function preparePrivateFile(path: string): void {
  if (path === ':memory:') return
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600))
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600)
  }
}
