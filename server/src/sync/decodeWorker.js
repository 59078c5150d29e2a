// @ts-check
// Decodes untrusted Yjs updates off the main thread. Some malformed updates make yjs loop for
// a very long time or forever (yjs #479, #498, #687); here such a loop only costs this worker,
// which the relay terminates after a deadline. Plain JavaScript, so that it runs as a worker
// under any loader (tsx, Vitest, or compiled output).
import { parentPort } from 'node:worker_threads'
import * as Y from 'yjs'

if (!parentPort) throw new Error('decodeWorker.js must run as a worker thread')
const port = parentPort

port.on('message', (/** @type {{ id: number, update: Uint8Array }} */ job) => {
  try {
    Y.decodeUpdate(job.update)
    port.postMessage({ id: job.id, ok: true })
  } catch (error) {
    port.postMessage({
      id: job.id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
    })
  }
})
