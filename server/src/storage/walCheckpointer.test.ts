import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { tempDataDir, waitFor } from '../../test/helpers.js'
import { SqliteDocumentStore } from './SqliteDocumentStore.js'

let data: ReturnType<typeof tempDataDir> | null = null
afterEach(() => data?.cleanup())

it('moves appended updates from the WAL into the database file off the event loop', async () => {
  data = tempDataDir()
  const path = join(data.dir, 'documents.db')
  const store = new SqliteDocumentStore({ path })
  const initial = statSync(path).size
  const update = new Uint8Array(1024).fill(7)
  for (let i = 0; i < 500; i++) await store.append('doc', update)
  // Automatic checkpoints are off on the writer: only the checkpointer grows the main file.
  await waitFor(() => statSync(path).size > initial + 400 * 1024, 'the WAL was checkpointed', 5_000)
  const loaded = await store.load('doc')
  expect(loaded.logLength).toBe(500)
  await store.close()
})
