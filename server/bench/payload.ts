import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { writeEdit } from './clients/yjsEdits.js'

// y-websocket's message type for sync messages (messageSync in y-websocket and the servers).
const MESSAGE_SYNC = 0

/**
 * Size in bytes of the y-websocket message that carries one edit, so that the raw server
 * relays frames of the same size. `overwrite` is workload A's edit (a client rewriting its own
 * key, which also deletes the previous value); otherwise each edit writes a fresh key (B).
 */
export function yjsEditMessageBytes(overwrite: boolean): number {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  // Realistic magnitudes: ids and timestamps in the range a run reaches.
  writeEdit(doc, overwrite ? 'c17' : 'e100000', 100_000, 123_456.789)
  if (overwrite) writeEdit(doc, 'c17', 100_050, 123_457.123)
  const update = updates.at(-1)!
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE_SYNC)
  syncProtocol.writeUpdate(encoder, update)
  doc.destroy()
  return encoding.length(encoder)
}
