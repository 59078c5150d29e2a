import Database from 'better-sqlite3'
import { preparePrivateFile } from '../db/privateFile.js'
import type { DocumentStore, StoredDocument } from './DocumentStore.js'
import { WalCheckpointer } from './walCheckpointer.js'

/** Options of the embedded store. */
export interface SqliteDocumentStoreOptions {
  /** Path of the database file, or `:memory:`. */
  readonly path: string
  /**
   * SQLite's `synchronous` level. NORMAL in WAL mode survives the process being killed at any
   * moment (every committed transaction is in the WAL, which the OS keeps), and FULL also
   * survives power loss at the cost of an fsync per append.
   */
  readonly synchronous?: 'NORMAL' | 'FULL'
}

interface SnapshotRow {
  data: Buffer
  through_seq: number
}

interface UpdateRow {
  seq: number
  data: Buffer
}

/** The embedded default store: one SQLite database in WAL mode. */
export class SqliteDocumentStore implements DocumentStore {
  readonly #db: Database.Database
  #checkpointer: WalCheckpointer | null = null
  readonly #selectSnapshot: Database.Statement<[string], SnapshotRow>
  readonly #selectUpdates: Database.Statement<[string, number], UpdateRow>
  readonly #insertUpdate: Database.Statement<[string, Uint8Array]>
  readonly #compact: (name: string, snapshot: Uint8Array, throughSeq: number) => void
  readonly #read: (name: string) => { snapshot: SnapshotRow | undefined; rows: UpdateRow[] }

  constructor({ path, synchronous = 'NORMAL' }: SqliteDocumentStoreOptions) {
    preparePrivateFile(path)
    this.#db = new Database(path)
    this.#db.pragma('journal_mode = WAL')
    this.#db.pragma(`synchronous = ${synchronous}`)
    this.#db.pragma('busy_timeout = 5000')
    if (path !== ':memory:') {
      // Checkpoints run on a worker thread (see WalCheckpointer), not inside an append.
      this.#db.pragma('wal_autocheckpoint = 0')
      this.#checkpointer = new WalCheckpointer(path)
    }
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS document_snapshot (
        name TEXT PRIMARY KEY,
        data BLOB NOT NULL,
        through_seq INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      -- AUTOINCREMENT: sequence numbers are never reused, even once compaction deleted them.
      CREATE TABLE IF NOT EXISTS document_update (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        data BLOB NOT NULL
      ) STRICT;
      CREATE INDEX IF NOT EXISTS document_update_by_name ON document_update (name, seq);
    `)
    this.#selectSnapshot = this.#db.prepare(
      'SELECT data, through_seq FROM document_snapshot WHERE name = ?',
    )
    this.#selectUpdates = this.#db.prepare(
      'SELECT seq, data FROM document_update WHERE name = ? AND seq > ? ORDER BY seq',
    )
    this.#insertUpdate = this.#db.prepare('INSERT INTO document_update (name, data) VALUES (?, ?)')
    const upsertSnapshot = this.#db.prepare<[string, Uint8Array, number, number]>(`
      INSERT INTO document_snapshot (name, data, through_seq, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (name) DO UPDATE SET
        data = excluded.data, through_seq = excluded.through_seq, updated_at = excluded.updated_at
      WHERE excluded.through_seq > document_snapshot.through_seq
    `)
    const deleteCovered = this.#db.prepare<[string, number]>(
      'DELETE FROM document_update WHERE name = ? AND seq <= ?',
    )
    // One transaction: a crash leaves the old snapshot and the whole log, or the new snapshot
    // and only the entries after it.
    // One read transaction: another process compacting between the two reads would otherwise
    // leave a gap between the snapshot and the log.
    this.#read = this.#db.transaction((name: string) => {
      const snapshot = this.#selectSnapshot.get(name)
      return { snapshot, rows: this.#selectUpdates.all(name, snapshot?.through_seq ?? 0) }
    })
    this.#compact = this.#db.transaction(
      (name: string, snapshot: Uint8Array, throughSeq: number) => {
        const current = this.#selectSnapshot.get(name)
        if (current && current.through_seq >= throughSeq) return
        upsertSnapshot.run(name, snapshot, throughSeq, Date.now())
        deleteCovered.run(name, throughSeq)
      },
    )
  }

  async load(name: string): Promise<StoredDocument> {
    const { snapshot, rows } = this.#read(name)
    const updates: Uint8Array[] = []
    let storedBytes = 0
    if (snapshot) {
      updates.push(toBytes(snapshot.data))
      storedBytes += snapshot.data.byteLength
    }
    let logBytes = 0
    for (const row of rows) {
      updates.push(toBytes(row.data))
      logBytes += row.data.byteLength
    }
    return {
      updates,
      lastSeq: rows.at(-1)?.seq ?? snapshot?.through_seq ?? 0,
      storedBytes: storedBytes + logBytes,
      logLength: rows.length,
      logBytes,
    }
  }

  async append(name: string, update: Uint8Array): Promise<number> {
    return Number(this.#insertUpdate.run(name, update).lastInsertRowid)
  }

  async compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.#compact(name, snapshot, throughSeq)
  }

  async list(): Promise<string[]> {
    const rows = this.#db
      .prepare<[], { name: string }>(
        'SELECT name FROM document_snapshot UNION SELECT name FROM document_update ORDER BY name',
      )
      .all()
    return rows.map((row) => row.name)
  }

  async close(): Promise<void> {
    await this.#checkpointer?.stop()
    this.#checkpointer = null
    if (this.#db.open) this.#db.close()
  }
}

function toBytes(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
}
