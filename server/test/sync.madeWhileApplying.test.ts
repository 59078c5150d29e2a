import * as decoding from 'lib0/decoding'
import { afterEach, beforeEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import { encodeSyncUpdate } from '../src/sync/messages.js'
import {
  connectClient,
  sleep,
  startTestServer,
  synced,
  type TestClient,
  tempDataDir,
  waitFor,
  wsBase,
} from './helpers.js'
import { type RawClient, rawClient } from './rawClient.js'

// Yjs tidies formatting after a remote change in a transaction of its own: applying a client's
// update can make the server delete formatting markers it then finds redundant. That part is the
// server's, not the sender's, so the sender must receive it like everyone else. Found by the
// draft-rules property test: the secretariat's copy kept a marker the server had deleted, and
// read words as a bracket that nobody else saw, for good (a delete set is not in any state
// vector, so no later sync repairs it).

let data: ReturnType<typeof tempDataDir>
let server: RunningServer
const clients: TestClient[] = []
const raws: RawClient[] = []

beforeEach(async () => {
  data = tempDataDir()
  server = await startTestServer(data.dir)
})

afterEach(async () => {
  for (const client of clients.splice(0)) client.destroy()
  for (const raw of raws.splice(0)) raw.close()
  await server.close()
  data.cleanup()
})

/** The ids of the formatting markers still in the text of `name`, as the server holds it. */
async function markersOnServer(name: string): Promise<Y.ID[]> {
  await sleep(10)
  return server.relay.read(name, (doc) => {
    const ids: Y.ID[] = []
    for (let item = doc.getText('t')._start; item !== null; item = item.right)
      if (!item.deleted && item.content instanceof Y.ContentFormat) ids.push(item.id)
    return ids
  })
}

/** The sync updates (not steps) among raw frames, decoded. */
function syncUpdates(frames: readonly Uint8Array[]): Uint8Array[] {
  const updates: Uint8Array[] = []
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame)
    if (decoding.readVarUint(decoder) !== 0) continue
    if (decoding.readVarUint(decoder) !== 2) continue
    updates.push(decoding.readVarUint8Array(decoder))
  }
  return updates
}

it('sends the sender what the server wrote itself while applying its update', async () => {
  const name = 'tidy'
  const writer = connectClient(wsBase(server), name)
  clients.push(writer)
  await synced(writer)
  writer.doc.getText('t').insert(0, 'abc')
  // A copy from before the formatting: it deletes the formatted word without knowing its markers.
  const stale = new Y.Doc()
  Y.applyUpdate(stale, Y.encodeStateAsUpdate(writer.doc))
  writer.doc.getText('t').format(1, 1, { bold: true })
  let markers: Y.ID[] = []
  for (const deadline = Date.now() + 10_000; markers.length !== 2 && Date.now() < deadline; )
    markers = await markersOnServer(name)
  expect(markers).toHaveLength(2)

  const raw = rawClient(`${wsBase(server)}/${name}`)
  raws.push(raw)
  await raw.opened
  const before = Y.encodeStateVector(stale)
  stale.getText('t').delete(1, 1)
  raw.send(encodeSyncUpdate(Y.encodeStateAsUpdate(stale, before)))

  // The server, applying it, deletes the opening marker, which now encloses nothing (the
  // closing one goes on restating the text's plain formatting).
  const [opening] = markers
  for (const deadline = Date.now() + 10_000; markers.length > 1 && Date.now() < deadline; )
    markers = await markersOnServer(name)
  expect(markers).toHaveLength(1)
  expect(markers[0]).not.toEqual(opening)
  // And the sender hears of it: an update that deletes that marker.
  const deletesOpening = () =>
    syncUpdates(raw.received).some((update) =>
      (Y.decodeUpdate(update).ds.clients.get(opening!.client) ?? []).some(
        (range) => range.clock <= opening!.clock && opening!.clock < range.clock + range.len,
      ),
    )
  await waitFor(deletesOpening, 'the sender receives the server’s own deletion')
  // The bystander holds what the server holds.
  const held = await server.relay.read(name, (doc) => JSON.stringify(doc.getText('t').toDelta()))
  expect(
    JSON.parse(held)
      .map((op: { insert: string }) => op.insert)
      .join(''),
  ).toBe('ac')
  await waitFor(
    () => JSON.stringify(writer.doc.getText('t').toDelta()) === held,
    'the writer holds the tidied text',
  )
})
