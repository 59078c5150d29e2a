import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

// The worker's whole program. It opens its own connection to the database and checkpoints the
// WAL in PASSIVE mode, which never blocks the writer: the fsyncs of a checkpoint happen on this
// thread, not on the relay's event loop.
const PROGRAM = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const db = new Database(workerData.path)
db.pragma('busy_timeout = 1000')
const checkpoint = () => {
  try { db.pragma('wal_checkpoint(PASSIVE)') } catch (error) { parentPort.postMessage({ error: String(error) }) }
}
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', (message) => {
  if (message === 'stop') {
    clearInterval(timer)
    checkpoint()
    db.close()
    parentPort.postMessage('stopped')
  }
})
`

/**
 * Checkpoints a WAL-mode database from a worker thread. SQLite's automatic checkpoint runs
 * inside the commit that crosses its threshold, on the writer's thread: with better-sqlite3 that
 * is the event loop, which then stalls for the checkpoint's fsyncs (4–10 ms every few hundred
 * appends here, more on slow disks). The writer turns automatic checkpoints off and this runs
 * them instead.
 */
export class WalCheckpointer {
  readonly #worker: Worker

  constructor(path: string, intervalMs = 1000, onError: (message: string) => void = () => {}) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3')
    this.#worker = new Worker(PROGRAM, { eval: true, workerData: { path, driver, intervalMs } })
    this.#worker.unref()
    this.#worker.on('message', (message: unknown) => {
      if (typeof message === 'object' && message && 'error' in message)
        onError(String(message.error))
    })
    this.#worker.on('error', (error) => onError(error.message))
  }

  /** Runs a last checkpoint and stops the worker. */
  async stop(): Promise<void> {
    const stopped = new Promise<void>((resolve) => {
      this.#worker.once('message', () => resolve())
      this.#worker.once('exit', () => resolve())
    })
    this.#worker.postMessage('stop')
    await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 2000).unref())])
    await this.#worker.terminate()
  }
}
