// @ts-check
// Checks untrusted Yjs updates off the main thread. Some malformed updates make yjs work for a
// very long time or exhaust memory (yjs #479, #498, #687, and "subdocument bombs"); here that
// only costs this worker, which the relay terminates after a deadline. Plain JavaScript, so that
// it runs as a worker under any loader (tsx, Vitest, or compiled output).
import { parentPort, workerData } from 'node:worker_threads'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'

if (!parentPort) throw new Error('decodeWorker.js must run as a worker thread')
const port = parentPort
/** @type {{ maxDepth: number, maxStructs: number }} */
const limits = { maxDepth: 64, maxStructs: 100_000, ...(workerData ?? {}) }

/** Thrown for an update that is well-formed but larger or deeper than the relay takes. */
class TooComplex extends Error {}

/**
 * Reads the count of structs the update claims for its first client, before anything is
 * decoded: a claim past the limit is refused without building a single struct.
 * @param {Uint8Array} update
 */
function precheck(update) {
  const decoder = decoding.createDecoder(update)
  if (!decoding.hasContent(decoder)) return
  const clients = decoding.readVarUint(decoder)
  if (clients === 0 || !decoding.hasContent(decoder)) return
  const structs = decoding.readVarUint(decoder)
  if (structs > limits.maxStructs)
    throw new TooComplex(`the update claims ${structs} structs; at most ${limits.maxStructs}`)
}

/**
 * How deep the update nests types (elements in elements), counting a container it does not
 * hold itself as one level. Iterative throughout: the input is untrusted, and recursing once per
 * level is how a deep update overflows the stack. Containers are found the way yjs finds them:
 * an item names its parent, or inherits the parent of its left (or right) origin.
 * @param {Array<Y.Item | Y.GC | Y.Skip>} structs
 */
function nestingDepth(structs) {
  /** @type {Map<number, Y.Item[]>} */
  const byClient = new Map()
  for (const struct of structs) {
    if (!(struct instanceof Y.Item)) continue
    let list = byClient.get(struct.id.client)
    if (!list) {
      list = []
      byClient.set(struct.id.client, list)
    }
    list.push(struct)
  }
  for (const list of byClient.values()) list.sort((a, b) => a.id.clock - b.id.clock)
  /** @param {{ client: number, clock: number } | null} id */
  const find = (id) => {
    if (!id) return null
    const list = byClient.get(id.client)
    if (!list) return null
    let low = 0
    let high = list.length - 1
    while (low <= high) {
      const mid = (low + high) >> 1
      const item = list[mid]
      if (id.clock < item.id.clock) high = mid - 1
      else if (id.clock >= item.id.clock + item.length) low = mid + 1
      else return item
    }
    return null
  }
  const OUTSIDE = null
  /** The container of each item: a type item of this update, or OUTSIDE (a root, or not here). */
  /** @type {Map<Y.Item, Y.Item | null>} */
  const containers = new Map()
  /** @param {Y.Item} start */
  const containerOf = (start) => {
    /** @type {Y.Item[]} */
    const walked = []
    /** @type {Y.Item | null} */
    let result = OUTSIDE
    /** @type {Y.Item | null} */
    let current = start
    while (current) {
      const known = containers.get(current)
      if (known !== undefined) {
        result = known
        break
      }
      walked.push(current)
      // A hostile update may chain origins in a cycle; the walk is bounded by the update.
      if (walked.length > structs.length) break
      const parent = /** @type {unknown} */ (current.parent)
      if (parent !== null) {
        if (typeof parent === 'string') break
        const holder = find(/** @type {{ client: number, clock: number }} */ (parent))
        result = holder && holder.content instanceof Y.ContentType ? holder : OUTSIDE
        break
      }
      current = find(current.origin) ?? find(current.rightOrigin)
    }
    for (const item of walked) containers.set(item, result)
    return result
  }
  let deepest = 0
  for (const list of byClient.values()) {
    for (const item of list) {
      if (!(item.content instanceof Y.ContentType)) continue
      let depth = 1
      /** @type {Y.Item | null} */
      let container = containerOf(item)
      while (container) {
        depth += 1
        if (depth > limits.maxDepth) return depth
        container = containerOf(container)
      }
      // A container outside the update is at least one level deep itself.
      if (depth > deepest) deepest = depth
    }
  }
  return deepest
}

/**
 * Reads the whole update: its size and nesting must be within the limits, it must parse
 * completely, apply to a scratch document without throwing, and leave no byte unread (a V2
 * update or a second message glued on would otherwise be accepted and silently ignored).
 * @param {Uint8Array} update
 * @returns {string | null} why the update is rejected, or null
 */
function check(update) {
  precheck(update)
  const { structs } = Y.decodeUpdate(update)
  if (structs.length > limits.maxStructs)
    throw new TooComplex(`the update holds ${structs.length} structs; at most ${limits.maxStructs}`)
  const depth = nestingDepth(structs)
  if (depth > limits.maxDepth)
    throw new TooComplex(`the update nests types over ${limits.maxDepth} deep`)
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
  /** @type {string | null} */
  let problem
  let tooComplex = false
  try {
    problem = check(job.update)
  } catch (error) {
    tooComplex = error instanceof TooComplex
    problem = error instanceof Error ? error.message : String(error)
  }
  port.postMessage(
    problem === null
      ? { id: job.id, ok: true }
      : { id: job.id, ok: false, tooComplex, message: problem },
  )
})

port.postMessage({ ready: true })
