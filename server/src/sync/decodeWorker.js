// @ts-check
// Checks untrusted Yjs updates off the main thread. Some malformed updates make yjs work for a
// very long time or exhaust memory (yjs #479, #498, #687, and "subdocument bombs"); here that
// only costs this worker, which the relay terminates after a deadline. Plain JavaScript, so that
// it runs as a worker under any loader (tsx, Vitest, or compiled output).
import { parentPort } from 'node:worker_threads'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'

if (!parentPort) throw new Error('decodeWorker.js must run as a worker thread')
const port = parentPort

/**
 * Reads the whole update into a scratch document: it must parse completely, apply without
 * throwing, and leave no byte unread (a V2 update or a second message glued on would otherwise
 * be accepted and silently ignored).
 * @param {Uint8Array} update
 * @returns {string | null} why the update is rejected, or null
 */
function check(update) {
  const decoder = decoding.createDecoder(update)
  const scratch = new Y.Doc({ gc: false })
  try {
    Y.readUpdateV2(decoder, scratch, 'check', new Y.UpdateDecoderV1(decoder))
  } finally {
    scratch.destroy()
  }
  return decoding.hasContent(decoder) ? 'trailing bytes after the update' : null
}

port.on('message', (/** @type {{ id: number, update: Uint8Array }} */ job) => {
  let problem
  try {
    problem = check(job.update)
  } catch (error) {
    problem = error instanceof Error ? error.message : String(error)
  }
  port.postMessage(
    problem === null ? { id: job.id, ok: true } : { id: job.id, ok: false, message: problem },
  )
})

port.postMessage({ ready: true })
