import { chmodSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { startTestServer } from '../../test/helpers.js'

let dir: string | null = null
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = null
})

const mode = (path: string) => statSync(path).mode & 0o777

it('creates both databases, their WAL files and a new data folder readable only by their owner', async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-modes-'))
  const data = join(dir, 'data')
  const previous = process.umask(0o022)
  try {
    const server = await startTestServer(data)
    await server.relay.mutate('mirror/modes', (doc) => doc.getMap('m').set('k', 1))
    await server.services.audit.record({ actorUserId: null, action: 'test.modes', outcome: 'ok' })
    for (const name of ['accord.db', 'documents.db']) {
      expect({ name, mode: mode(join(data, name)) }).toEqual({ name, mode: 0o600 })
      const wal = join(data, `${name}-wal`)
      if (existsSync(wal)) expect({ wal, mode: mode(wal) }).toEqual({ wal, mode: 0o600 })
    }
    expect(existsSync(join(data, 'documents.db-wal'))).toBe(true)
    expect(mode(data)).toBe(0o700)
    await server.close()
  } finally {
    process.umask(previous)
  }
})

it('tightens databases an older installation left readable by others', async () => {
  dir = mkdtempSync(join(tmpdir(), 'accord-modes-'))
  const first = await startTestServer(dir)
  await first.close()
  for (const name of ['accord.db', 'documents.db']) chmodSync(join(dir, name), 0o644)
  writeFileSync(join(dir, 'accord.db-shm'), '')
  chmodSync(join(dir, 'accord.db-shm'), 0o644)
  const second = await startTestServer(dir)
  for (const name of ['accord.db', 'documents.db', 'accord.db-shm']) {
    expect({ name, mode: mode(join(dir, name)) }).toEqual({ name, mode: 0o600 })
  }
  await second.close()
})
