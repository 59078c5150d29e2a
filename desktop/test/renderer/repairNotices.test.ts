import {
  connectClient,
  startTestServer,
  synced,
  type TestClient,
  tempDataDir,
  waitFor,
  wsBase,
} from '@accord/server/testing'
import { afterEach, beforeEach, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  type RepairReason,
  watchRepairNotices,
} from '../../src/renderer/connection/repairNotices.js'

// The client's side of the draft's repair notices: the server writes them into the sender's
// delegation mirror (docs/protocol.md); the client shows those that reach it from the server.
const MIRROR = 'conference/c1/declaration/d1/delegation/jpn'

let data: ReturnType<typeof tempDataDir>
let server: Awaited<ReturnType<typeof startTestServer>>
let client: TestClient | null = null

beforeEach(async () => {
  data = tempDataDir()
  server = await startTestServer(data.dir)
})

afterEach(async () => {
  client?.destroy()
  client = null
  await server.close()
  data.cleanup()
})

const reason = (text: string): RepairReason => ({
  code: 'becameProposal',
  paragraphId: 'op5',
  proposalId: 'p-1',
  delegation: 'JPN',
  text,
})

function writeNotice(id: string, fields: Record<string, unknown>) {
  return server.relay.mutate(MIRROR, (doc) => {
    doc.getMap('notices').set(id, {
      id,
      at: Date.now(),
      declarationId: 'd1',
      userId: 'u-jpn',
      reasons: [reason(id)],
      messages: [],
      ...fields,
    })
  })
}

it('shows each notice the server writes for this user about this declaration, once', async () => {
  client = connectClient(wsBase(server), MIRROR)
  await synced(client)
  const shown: string[] = []
  const stop = watchRepairNotices(client.doc, client.provider, {
    userId: 'u-jpn',
    declarationId: 'd1',
    show: (r) => shown.push(r.text),
  })
  await writeNotice('mine', {})
  await writeNotice('someone-else', { userId: 'u-other' })
  await writeNotice('other-declaration', { declarationId: 'd2' })
  await writeNotice('old', { at: Date.now() - 60 * 60 * 1000 })
  await writeNotice('mine-again', {})
  // Fence: the last notice has arrived, so every earlier one has too.
  await waitFor(() => client!.doc.getMap('notices').has('mine-again'), 'the notices arrived')
  expect(shown).toEqual(['mine', 'mine-again'])
  stop()
  await writeNotice('after-stop', {})
  await waitFor(() => client!.doc.getMap('notices').has('after-stop'), 'the last notice arrived')
  expect(shown).toEqual(['mine', 'mine-again'])
})

it('does not show again what the local copy already held (a reload)', async () => {
  await writeNotice('from-before', {})
  // The document as IndexedDB would hand it back after a reload: the same state, applied locally.
  const stored = await server.relay.read(MIRROR, (doc) => Y.encodeStateAsUpdate(doc))
  const doc = new Y.Doc()
  client = connectClient(wsBase(server), MIRROR, { doc, connect: false })
  const shown: string[] = []
  watchRepairNotices(doc, client.provider, {
    userId: 'u-jpn',
    declarationId: 'd1',
    show: (r) => shown.push(r.text),
  })
  Y.applyUpdate(doc, stored, 'local-store')
  client.provider.connect()
  await synced(client)
  await writeNotice('new', {})
  await waitFor(() => doc.getMap('notices').has('new'), 'the new notice arrived')
  expect(shown).toEqual(['new'])
})
