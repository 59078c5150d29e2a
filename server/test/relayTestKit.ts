import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import type { DocumentStore } from '../src/storage/DocumentStore.js'
import { encodeSyncStep1 } from '../src/sync/messages.js'
import { waitFor } from './helpers.js'
import { isSyncStep2 } from './protocolFrames.js'
import type { RawClient } from './rawClient.js'

/** The document a store holds, rebuilt by applying what it loads. */
export async function storedDoc(store: DocumentStore, name: string): Promise<Y.Doc> {
  const doc = new Y.Doc()
  for (const update of (await store.load(name)).updates) Y.applyUpdate(doc, update)
  return doc
}

/**
 * What the relay serves to a newcomer: a raw client asks with an empty state vector, and the
 * answer (sync step 2) is applied to a fresh document.
 */
export async function servedDoc(client: RawClient): Promise<Y.Doc> {
  const seen = client.received.length
  client.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
  await waitFor(
    () => client.received.slice(seen).some(isSyncStep2),
    'the relay answered sync step 1',
  )
  const reply = client.received.slice(seen).find(isSyncStep2)!
  const decoder = decoding.createDecoder(reply)
  decoding.readVarUint(decoder) // sync
  decoding.readVarUint(decoder) // step 2
  const doc = new Y.Doc()
  Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
  return doc
}

/** An update from client `clientID` that inserts `text` into the shared text `text`. */
export function textBy(clientID: number, text: string): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientID
  doc.getText('text').insert(0, text)
  return Y.encodeStateAsUpdate(doc)
}

/**
 * Two string items of client `clientID`, the first empty and placed after `after` (an item the
 * receiver must already hold). A decoder that lacks `after` holds both as pending structs and
 * sees nothing wrong; a document that holds it integrates them, and the empty item makes yjs
 * throw in `cleanupTransactions`. So this passes the worker and fails on the main thread.
 */
export function failsOnlyWithItsDependency(
  clientID: number,
  after: { client: number; clock: number },
): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // clients
  encoding.writeVarUint(encoder, 2) // structs
  encoding.writeVarUint(encoder, clientID)
  encoding.writeVarUint(encoder, 0) // clock
  for (const [origin, text] of [
    [after, ''],
    [{ client: clientID, clock: 0 }, 'y'],
  ] as const) {
    encoding.writeUint8(encoder, 4 | 0x80) // a string item with a left origin
    encoding.writeVarUint(encoder, origin.client)
    encoding.writeVarUint(encoder, origin.clock)
    encoding.writeVarString(encoder, text)
  }
  encoding.writeVarUint(encoder, 0) // empty delete set
  return encoding.toUint8Array(encoder)
}

/**
 * A decode bomb: `count` structs of subdocument content, five bytes each, spread over clients of
 * 1,000 structs so that no claimed count passes the struct limit before decoding. Every one makes
 * `Y.decodeUpdate` construct a whole `Y.Doc` (with a random client id), so one MiB takes seconds
 * and hundreds of MiB of heap to decode, and the 4 MiB default frame takes tens of seconds. It is
 * well-formed, so only the decode deadline stops it.
 */
export function subdocumentBomb(count: number): Uint8Array {
  const perClient = 1_000
  const clients = Math.ceil(count / perClient)
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, clients)
  for (let c = 0; c < clients; c++) {
    const structs = Math.min(perClient, count - c * perClient)
    encoding.writeVarUint(encoder, structs)
    encoding.writeVarUint(encoder, c + 1) // client
    encoding.writeVarUint(encoder, 0) // clock
    for (let i = 0; i < structs; i++) {
      encoding.writeUint8(encoder, 9) // an item with ContentDoc, no origins
      encoding.writeVarUint(encoder, 1) // its parent is a root type, named by…
      encoding.writeVarString(encoder, '') // …the empty string
      encoding.writeVarString(encoder, '') // the subdocument's guid
      encoding.writeAny(encoder, true) // its options
    }
  }
  encoding.writeVarUint(encoder, 0) // empty delete set
  return encoding.toUint8Array(encoder)
}
