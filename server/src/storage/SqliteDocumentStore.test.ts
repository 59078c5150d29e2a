import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { describeDocumentStore } from './documentStoreSuite.js'
import { SqliteDocumentStore } from './SqliteDocumentStore.js'

const serverDir = fileURLToPath(new URL('../../', import.meta.url))
const crashingWriter = fileURLToPath(
  new URL('../../test/fixtures/crashingWriter.ts', import.meta.url),
)

async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'accord-sqlite-'))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

describeDocumentStore('SqliteDocumentStore', async () => {
  const { dir, cleanup } = await tempDir()
  const path = join(dir, 'accord.db')
  let store = new SqliteDocumentStore({ path })
  return {
    store,
    async reopen() {
      await store.close()
      store = new SqliteDocumentStore({ path })
      return store
    },
    async cleanup() {
      await store.close()
      await cleanup()
    },
  }
})

describe('SqliteDocumentStore on disk', () => {
  it('puts the database in WAL mode', async () => {
    const { dir, cleanup } = await tempDir()
    const path = join(dir, 'nested', 'accord.db')
    const store = new SqliteDocumentStore({ path })
    try {
      await store.append('declaration/d1/draft', new Uint8Array([0, 0]))
      // WAL mode is a property of the file, so a second, independent connection sees it.
      const db = new Database(path, { readonly: true })
      try {
        expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      } finally {
        db.close()
      }
    } finally {
      await store.close()
      await cleanup()
    }
  })

  it('deletes the rows a compaction covers instead of only hiding them', async () => {
    const { dir, cleanup } = await tempDir()
    const path = join(dir, 'accord.db')
    const store = new SqliteDocumentStore({ path })
    const raw = new Database(path, { readonly: true })
    try {
      const a = new Y.Doc()
      const b = new Y.Doc()
      const seqsA: number[] = []
      for (let i = 0; i < 5; i++) {
        seqsA.push(await store.append('doc/a', textEdit(a, `a${i}`)))
        await store.append('doc/b', textEdit(b, `b${i}`))
      }
      await store.compact('doc/a', Y.encodeStateAsUpdate(a), seqsA[2]!)
      // `load` skips entries at or below the snapshot anyway, so only the table shows a leak.
      expect(rowSeqs(raw, 'doc/a')).toEqual(seqsA.slice(3))
      expect(rowSeqs(raw, 'doc/b')).toHaveLength(5)
      expect(coveredRows(raw)).toBe(0)
    } finally {
      raw.close()
      await store.close()
      await cleanup()
    }
  })

  it('loses no acknowledged update, and applies none twice, when killed at random moments', async () => {
    const { dir, cleanup } = await tempDir()
    const path = join(dir, 'accord.db')
    const name = 'declaration/d1/draft'
    const rounds = 6
    const next = seeded(7)
    /** Every id a child reported as appended, over all rounds. */
    const acknowledged = new Set<string>()
    let lastReportedSeq = 0
    try {
      for (let round = 0; round < rounds; round++) {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', crashingWriter, path, name, `r${round}`],
          {
            cwd: serverDir,
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        )
        const output = collect(child)
        await output.waitForReady()
        // Once it has appended something (a loaded machine can take long to get there), kill
        // it somewhere in the middle of its loop: mid-append, mid-compaction or in between.
        for (const deadline = Date.now() + 30_000; output.reports().length === 0; ) {
          if (Date.now() > deadline) {
            child.kill('SIGKILL')
            throw new Error(`child ${round} appended nothing in 30 s`)
          }
          await sleep(5)
        }
        await sleep(Math.floor(next() * 250))
        child.kill('SIGKILL')
        const exit = await output.exited
        expect(exit, `child ${round} stderr:\n${output.stderr()}`).toEqual({
          code: null,
          signal: 'SIGKILL',
        })

        const reports = output.reports()
        expect(reports.length, `round ${round} appended something`).toBeGreaterThan(0)
        // The store hands out increasing sequence numbers, across rounds too.
        for (const { seq } of reports) {
          expect(seq).toBeGreaterThan(lastReportedSeq)
          lastReportedSeq = seq
        }
        for (const { id } of reports) acknowledged.add(id)

        const store = new SqliteDocumentStore({ path })
        try {
          const stored = await store.load(name)
          const doc = new Y.Doc()
          for (const update of stored.updates) Y.applyUpdate(doc, update)
          const ids = doc.getArray<string>('ids').toArray()
          const edits = doc.getMap<number>('edits')

          expect(new Set(ids).size, 'no id is in the array twice').toBe(ids.length)
          expect(ids.length).toBe(edits.size)
          const missing = [...acknowledged].filter((id) => !edits.has(id))
          expect(missing, `acknowledged updates lost in round ${round}`).toEqual([])
          // Appends are sequential, so what this round stored is a prefix of its edits: the
          // acknowledged ones, plus at most the one whose append had finished but not printed.
          const ofRound = ids.filter((id) => id.startsWith(`r${round}-`))
          expect(ofRound.length - reports.length).toBeGreaterThanOrEqual(0)
          expect(ofRound.length - reports.length).toBeLessThanOrEqual(1)
          expect(new Set(ofRound)).toEqual(
            new Set(Array.from({ length: ofRound.length }, (_, i) => `r${round}-${i}`)),
          )

          expect(stored.lastSeq).toBeGreaterThanOrEqual(lastReportedSeq)
          expect(stored.storedBytes).toBe(
            stored.updates.reduce((sum, update) => sum + update.byteLength, 0),
          )
          expect(stored.updates.length - stored.logLength).toBeLessThanOrEqual(1)
          // A compaction is all or nothing: no row survives that its snapshot covers.
          const raw = new Database(path, { readonly: true })
          try {
            expect(coveredRows(raw), `covered rows left in round ${round}`).toBe(0)
            expect(rowSeqs(raw, name)).toHaveLength(stored.logLength)
          } finally {
            raw.close()
          }
          // No log entry repeats what the snapshot holds: compaction deleted what it covered.
          if (stored.updates.length > stored.logLength) {
            const covered = Y.decodeStateVector(Y.encodeStateVectorFromUpdate(stored.updates[0]!))
            for (const entry of stored.updates.slice(1)) {
              for (const [client, clock] of Y.parseUpdateMeta(entry).from) {
                expect(clock).toBeGreaterThanOrEqual(covered.get(client) ?? 0)
              }
            }
          }
        } finally {
          await store.close()
        }
      }
      expect(acknowledged.size).toBeGreaterThan(rounds)
    } finally {
      await cleanup()
    }
  })
})

/** Appends `text` to a Y.Text and returns the update that made. */
function textEdit(doc: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(doc)
  const field = doc.getText('text')
  field.insert(field.length, text)
  return Y.encodeStateAsUpdate(doc, before)
}

/** Sequence numbers of a document's log rows, read straight from the table. */
function rowSeqs(raw: Database.Database, name: string): number[] {
  return raw
    .prepare<[string], { seq: number }>(
      'SELECT seq FROM document_update WHERE name = ? ORDER BY seq',
    )
    .all(name)
    .map((row) => row.seq)
}

/** Log rows that their document's snapshot already covers. */
function coveredRows(raw: Database.Database): number {
  return raw
    .prepare<[], { n: number }>(
      `SELECT count(*) AS n FROM document_update u
       JOIN document_snapshot s ON s.name = u.name WHERE u.seq <= s.through_seq`,
    )
    .get()!.n
}

interface Report {
  readonly seq: number
  readonly id: string
}

/** Reads a crashing writer's output: `ready <seq>`, then one `<seq> <id>` line per append. */
function collect(child: ChildProcess) {
  let stdout = ''
  let stderr = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  const lines = () => {
    // A line cut off by the kill has no newline yet, and is not counted.
    const complete = stdout.slice(0, stdout.lastIndexOf('\n') + 1)
    return complete.split('\n').filter((line) => line.length > 0)
  }
  return {
    exited,
    stderr: () => stderr,
    async waitForReady(): Promise<void> {
      const deadline = Date.now() + 15_000
      while (!lines()[0]?.startsWith('ready ')) {
        if (child.exitCode !== null || Date.now() > deadline) {
          child.kill('SIGKILL')
          throw new Error(`the child did not start:\n${stderr}`)
        }
        await sleep(10)
      }
    },
    reports(): Report[] {
      return lines()
        .slice(1)
        .map((line) => {
          const [seq, id] = line.split(' ')
          return { seq: Number(seq), id: id! }
        })
    },
  }
}

/** Deterministic pseudo-random numbers (mulberry32). */
function seeded(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
