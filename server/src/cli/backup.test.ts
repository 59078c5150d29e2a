import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  connectClient,
  startTestServer,
  synced,
  type TestClient,
  tempDataDir,
  waitFor,
  wsBase,
} from '../../test/helpers.js'
import type { RunningServer } from '../server.js'
import { SqliteDocumentStore } from '../storage/SqliteDocumentStore.js'
import { BACKUP_DATABASES, backupDataDir } from './backup.js'
import { backup, type CliServices, EXIT, openCliServices } from './commands.js'
import { recorder } from './testIo.js'

const DRAFT = 'declaration/backup/draft'
/** What the typist types, one character per update: any prefix of it is a state it passed. */
const TEXT = 'The ministers agree to cooperate on data free flow with trust. '.repeat(40)

let data: ReturnType<typeof tempDataDir>
let out: ReturnType<typeof tempDataDir>
let server: RunningServer
let services: CliServices
let typist: TestClient | null = null

beforeEach(async () => {
  data = tempDataDir()
  out = tempDataDir()
  server = await startTestServer(data.dir)
  services = await openCliServices(data.dir, { cwd: out.dir })
}, 30_000)

afterEach(async () => {
  typist?.destroy()
  typist = null
  await services.db.destroy()
  await server.close()
  data.cleanup()
  out.cleanup()
})

/** What a backup's documents.db holds for the draft, read with the server's own store. */
async function draftTextIn(dir: string): Promise<string> {
  const store = new SqliteDocumentStore({ path: join(dir, 'documents.db') })
  try {
    const doc = new Y.Doc()
    for (const update of (await store.load(DRAFT)).updates) Y.applyUpdate(doc, update)
    return doc.getText('text').toString()
  } finally {
    await store.close()
  }
}

function integrity(path: string): string {
  const db = new SQLite(path, { readonly: true, fileMustExist: true })
  try {
    return db.pragma('integrity_check', { simple: true }) as string
  } finally {
    db.close()
  }
}

describe('pnpm accord backup', () => {
  it('copies both databases consistently while a WebsocketProvider types into a draft', async () => {
    const conference = await services.conferences.create({
      name: 'Backup Ministerial',
      venue: 'Osaka',
      startsOn: '2030-01-01',
      endsOn: '2030-01-02',
    })
    typist = connectClient(wsBase(server), DRAFT)
    await synced(typist)
    const text = typist.doc.getText('text')
    let typed = 0
    // One keystroke per tick, each its own update through the relay (persisted before relayed).
    const timer = setInterval(() => {
      if (typed < TEXT.length) text.insert(typed, TEXT[typed++]!)
    }, 2)
    try {
      await waitFor(() => typed >= 200, 'the typist typed 200 characters', 30_000)
      expect((await server.store.load(DRAFT)).logLength).toBeGreaterThan(0)

      const backups: { dir: string; typedBefore: number; typedAfter: number }[] = []
      for (let i = 0; i < 3; i++) {
        const typedBefore = typed
        const target = join(out.dir, `backup-${i}`)
        const r = recorder()
        const code = await backup(
          services,
          { to: `backup-${i}`, 'with-signing-key': i === 2 },
          r.io,
        )
        expect(code, r.err()).toBe(EXIT.ok)
        expect(r.out()).toContain(`backup written to ${target}`)
        backups.push({ dir: target, typedBefore, typedAfter: typed })
        const goal = typed + 100
        await waitFor(() => typed >= Math.min(goal, TEXT.length), 'more typing', 30_000)
      }
      // The typist kept typing through every backup, and the server kept storing it.
      await waitFor(() => typed === TEXT.length, 'the typist finished', 60_000)
      await waitFor(() => server.relay !== undefined && typist!.provider.synced, 'typist in sync')

      for (const [i, taken] of backups.entries()) {
        const files = readdirSync(taken.dir).sort()
        expect(files).toEqual(
          i === 2
            ? ['accord.db', 'documents.db', 'manifest.json', 'signing-key.pem']
            : ['accord.db', 'documents.db', 'manifest.json'],
        )
        expect(statSync(taken.dir).mode & 0o777).toBe(0o700)
        for (const file of files)
          expect(statSync(join(taken.dir, file)).mode & 0o777, file).toBe(0o600)
        for (const name of BACKUP_DATABASES)
          expect(integrity(join(taken.dir, name)), name).toBe('ok')

        // A consistent copy holds a state the draft went through: a prefix of what was typed,
        // no shorter than what had been stored before the backup started.
        const copied = await draftTextIn(taken.dir)
        expect(TEXT.startsWith(copied), `backup ${i} holds a prefix`).toBe(true)
        expect(copied.length).toBeGreaterThan(0)
        expect(copied.length).toBeLessThanOrEqual(taken.typedAfter)

        const accounts = new SQLite(join(taken.dir, 'accord.db'), { readonly: true })
        try {
          expect(
            accounts.prepare('SELECT name FROM conference WHERE id = ?').get(conference.id),
          ).toEqual({
            name: 'Backup Ministerial',
          })
        } finally {
          accounts.close()
        }
      }
      // Later backups hold more of the text.
      const lengths = await Promise.all(backups.map(async (b) => (await draftTextIn(b.dir)).length))
      expect(lengths[2]!).toBeGreaterThan(lengths[0]!)

      // Restored as docs/operations.md says (the files into an empty data directory), a server
      // starts on it and serves the backed-up text to a stock client.
      const restored = tempDataDir()
      try {
        for (const file of ['accord.db', 'documents.db', 'signing-key.pem']) {
          copyFileSync(join(backups[2]!.dir, file), join(restored.dir, file))
          chmodSync(join(restored.dir, file), 0o600)
        }
        const second = await startTestServer(restored.dir)
        const reader = connectClient(wsBase(second), DRAFT)
        try {
          await synced(reader)
          expect(reader.doc.getText('text').toString()).toBe(await draftTextIn(backups[2]!.dir))
          const reopened = await openCliServices(restored.dir)
          try {
            expect((await reopened.conferences.get(conference.id)).name).toBe('Backup Ministerial')
          } finally {
            await reopened.db.destroy()
          }
        } finally {
          reader.destroy()
          await second.close()
        }
      } finally {
        restored.cleanup()
      }
    } finally {
      clearInterval(timer)
    }
    // The live draft lost nothing to the backups.
    await waitFor(() => text.toString() === TEXT, 'the typist’s own text is whole', 30_000)
    let stored = ''
    const deadline = Date.now() + 30_000
    while (stored !== TEXT && Date.now() < deadline) {
      const doc = new Y.Doc()
      for (const update of (await server.store.load(DRAFT)).updates) Y.applyUpdate(doc, update)
      stored = doc.getText('text').toString()
    }
    expect(stored).toBe(TEXT)
  }, 180_000)

  it('never overwrites: an existing target is refused, and a failed backup leaves no folder', async () => {
    mkdirSync(join(out.dir, 'taken'))
    const r = recorder()
    expect(await backup(services, { to: 'taken', 'with-signing-key': false }, r.io)).toBe(
      EXIT.usage,
    )
    expect(r.err()).toContain('exists')
    expect(readdirSync(join(out.dir, 'taken'))).toEqual([])

    const inside = recorder()
    expect(
      await backup(services, { to: join(data.dir, 'b'), 'with-signing-key': false }, inside.io),
    ).toBe(EXIT.usage)
    expect(inside.err()).toContain('outside the data directory')

    // A data directory without a database (a wrong ACCORD_DATA_DIR) fails before writing.
    const empty = tempDataDir()
    try {
      await expect(backupDataDir(empty.dir, join(out.dir, 'nothing'))).rejects.toThrow(
        "set ACCORD_DATA_DIR to the server's data directory",
      )
      expect(existsSync(join(out.dir, 'nothing'))).toBe(false)
      expect(existsSync(join(out.dir, 'nothing.partial'))).toBe(false)
    } finally {
      empty.cleanup()
    }
  })
})
