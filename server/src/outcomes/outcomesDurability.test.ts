import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { startPolicyServer, tempDataDir } from '../../test/helpers.js'
import type { RunningServer } from '../server.js'

let server: RunningServer | null = null
let data: ReturnType<typeof tempDataDir> | null = null

afterEach(async () => {
  await server?.close()
  data?.cleanup()
})

it('keeps the agreed-text history, revisions, silence and publications on the synchronous=FULL connection, with the audit log', async () => {
  data = tempDataDir()
  server = await startPolicyServer(data.dir)
  const { db } = server.services
  const mode = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(db)
  expect(mode.rows[0]?.synchronous).toBe(2) // FULL
  const tables = await sql<{
    name: string
  }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db)
  expect(tables.rows.map((r) => r.name)).toEqual(
    expect.arrayContaining([
      'audit_log',
      'agreed_history',
      'agreed_history_head',
      'revision',
      'silence',
      'publication',
    ]),
  )
})
