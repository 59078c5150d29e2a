import { createHash } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import SQLite from 'better-sqlite3'
import { SIGNING_KEY_FILE } from '../publication/SigningKey.js'
import { type OptionSpecs, type ParsedOptions, UsageError } from './args.js'
import { type CliIo, type CliServices, EXIT, guarded } from './support.js'

/** The databases a backup copies, in the order it copies them (see `backupDataDir`). */
export const BACKUP_DATABASES = ['accord.db', 'documents.db'] as const

/** A backup that cannot be made as asked; its message says why and what to do. */
export class BackupError extends Error {
  override name = 'BackupError'
}

/** One file of a backup, as its manifest lists it. */
export interface BackedUpFile {
  readonly file: string
  readonly bytes: number
  readonly sha256: string
}

/** What `backupDataDir` wrote. */
export interface BackupResult {
  readonly dir: string
  readonly files: readonly BackedUpFile[]
  /** Whether the signing key was copied too. */
  readonly signingKey: boolean
}

/** Backs one live SQLite database up into `target` (a new file, mode 0600), online. */
async function backupDatabase(source: string, target: string): Promise<void> {
  // The file exists before SQLite writes it, so it never has wider permissions than 0600.
  closeSync(openSync(target, 'wx', 0o600))
  // Read-write, as the server opens it: a read-only connection to a WAL database cannot
  // recover a WAL or create the shared-memory file when the server is not running.
  const db = new SQLite(source, { fileMustExist: true })
  try {
    db.pragma('busy_timeout = 10000')
    // All remaining pages in one step, inside one read transaction: the copy is the database as
    // of one commit. In steps of a few pages, each commit by the server would restart the copy
    // (SQLite's backup restarts when another connection writes the source), and a busy server
    // could keep it from ever finishing. WAL readers do not block the server's writes.
    await db.backup(target, { progress: () => 0x7fffffff })
  } finally {
    db.close()
  }
  const copy = new SQLite(target, { fileMustExist: true })
  try {
    // A backup is one file: no -wal or -shm beside it. The server sets WAL again on open.
    copy.pragma('journal_mode = DELETE')
    const check = copy.pragma('integrity_check', { simple: true })
    if (check !== 'ok')
      throw new BackupError(`the copy of ${basename(source)} fails its check: ${check}`)
  } finally {
    copy.close()
  }
  chmodSync(target, 0o600)
}

function describeFile(dir: string, file: string): BackedUpFile {
  const path = join(dir, file)
  return {
    file,
    bytes: statSync(path).size,
    sha256: createHash('sha256').update(readFileSync(path)).digest('hex'),
  }
}

/**
 * Backs the data directory up into `target`, which must not exist yet: both databases with
 * SQLite's online backup (consistent while the server runs and writes), and the signing key if
 * asked. The files are written into `<target>.partial` and renamed when all are checked, so a
 * folder named `target` is always a whole backup. Folders get 0700, files 0600.
 *
 * accord.db is copied before documents.db. Each copy is consistent on its own; between the
 * two, the copy of documents.db may hold updates newer than accord.db's copy, which is the state
 * a crash between an update's append and its bookkeeping leaves (docs/security.md, "Known
 * limits"), and the server starts from it as it starts after such a crash.
 */
export async function backupDataDir(
  dataDir: string,
  target: string,
  { withSigningKey = false } = {},
): Promise<BackupResult> {
  if (existsSync(target)) {
    throw new UsageError(`--to: ${target} exists; name a new folder, so no backup is overwritten`)
  }
  mkdirSync(dirname(target), { recursive: true, mode: 0o700 })
  const partial = `${target}.partial`
  rmSync(partial, { recursive: true, force: true })
  mkdirSync(partial, { mode: 0o700 })
  chmodSync(partial, 0o700)
  try {
    const files: BackedUpFile[] = []
    for (const name of BACKUP_DATABASES) {
      const source = join(dataDir, name)
      if (!existsSync(source)) {
        // documents.db is made on the server's first start; accord.db by any command.
        if (name === 'documents.db') continue
        throw new BackupError(
          `${source} does not exist: set ACCORD_DATA_DIR to the server's data directory`,
        )
      }
      await backupDatabase(source, join(partial, name))
      files.push(describeFile(partial, name))
    }
    const keyPath = join(dataDir, SIGNING_KEY_FILE)
    const signingKey = withSigningKey && existsSync(keyPath)
    if (withSigningKey && !signingKey) {
      throw new BackupError(
        `${keyPath} does not exist: the server makes it on its first start; back up without --with-signing-key`,
      )
    }
    if (signingKey) {
      copyFileSync(keyPath, join(partial, SIGNING_KEY_FILE))
      chmodSync(join(partial, SIGNING_KEY_FILE), 0o600)
      files.push(describeFile(partial, SIGNING_KEY_FILE))
    }
    const manifest = {
      kind: 'accord-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      dataDir,
      files,
    }
    writeFileSync(join(partial, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, {
      mode: 0o600,
      flag: 'wx',
    })
    renameSync(partial, target)
    return { dir: target, files, signingKey }
  } catch (error) {
    rmSync(partial, { recursive: true, force: true })
    throw error
  }
}

/** `accord-backup-YYYYMMDD-HHMMSS`, in UTC. */
export function defaultBackupName(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/\.\d+Z$/, '')
    .replace(/[-:]/g, '')
    .replace('T', '-')
  return `accord-backup-${stamp}`
}

export const backupOptions = {
  to: {
    type: 'string',
    placeholder: 'DIR',
    help: 'a new folder for the backup (default ./accord-backup-<UTC time>)',
  },
  'with-signing-key': {
    type: 'boolean',
    help: 'also copy signing-key.pem (whoever holds it can sign as this server)',
  },
} as const satisfies OptionSpecs

function humanBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** `pnpm accord backup`: an online backup of the data directory. */
export function backup(
  services: CliServices,
  options: ParsedOptions<typeof backupOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const { dataDir, cwd } = services.context
    const target = resolve(cwd, options.to ?? defaultBackupName())
    if (
      resolve(target).startsWith(`${resolve(dataDir)}/`) ||
      resolve(target) === resolve(dataDir)
    ) {
      throw new UsageError('--to: put the backup outside the data directory it backs up')
    }
    let result: BackupResult
    try {
      result = await backupDataDir(dataDir, target, {
        withSigningKey: options['with-signing-key'],
      })
    } catch (error) {
      if (!(error instanceof BackupError)) throw error
      io.err(`accord backup: ${error.message}`)
      return EXIT.failed
    }
    io.out(`backup written to ${result.dir}`)
    for (const file of result.files) io.out(`  ${file.file.padEnd(16)} ${humanBytes(file.bytes)}`)
    if (!result.files.some((file) => file.file === 'documents.db')) {
      io.out('  (no documents.db: the server has not started on this data directory yet)')
    }
    if (!result.signingKey && existsSync(join(dataDir, SIGNING_KEY_FILE))) {
      io.out(
        `The signing key is not in it: keep a copy of ${join(dataDir, SIGNING_KEY_FILE)} apart (or pass --with-signing-key).`,
      )
    }
    io.out('Restore: docs/operations.md, "Restoring a backup".')
    return EXIT.ok
  })
}
