import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, expect, it } from 'vitest'
import { tempDataDir } from '../../test/helpers.js'
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
  // Automatic checkpoints are off on the writer: only the checkpointer grows the main file. Wait
  // for it with this thread's event loop blocked (Atomics.wait sleeps without yielding to it):
  // a checkpoint that ran on the event loop, from a timer or a callback, could not happen now.
  const blocked = new Int32Array(new SharedArrayBuffer(4))
  const deadline = Date.now() + 10_000
  while (statSync(path).size <= initial + 400 * 1024 && Date.now() < deadline) {
    Atomics.wait(blocked, 0, 0, 20)
  }
  expect(statSync(path).size).toBeGreaterThan(initial + 400 * 1024)
  const loaded = await store.load('doc')
  expect(loaded.logLength).toBe(500)
  await store.close()
})
