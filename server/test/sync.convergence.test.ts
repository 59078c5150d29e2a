import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import {
  connectClient,
  snapshotOf,
  startTestServer,
  synced,
  type TestClient,
  tempDataDir,
  waitFor,
  wsBase,
} from './helpers.js'

describe('stock WebsocketProvider clients converge through the relay', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: RunningServer
  const clients: TestClient[] = []

  beforeEach(async () => {
    data = tempDataDir()
    server = await startTestServer(data.dir)
  })

  afterEach(async () => {
    for (const client of clients.splice(0)) client.destroy()
    await server.close()
    data.cleanup()
  })

  function client(name = 'declaration/d1/draft'): TestClient {
    const c = connectClient(wsBase(server), name)
    clients.push(c)
    return c
  }

  it('converges Y.Text and Y.XmlFragment edits from three clients', async () => {
    const [a, b, c] = [client(), client(), client()]
    await Promise.all([a, b, c].map((x) => synced(x)))
    a.doc.getText('text').insert(0, 'Digital economy ')
    b.doc.getText('text').insert(0, 'G20 ')
    const para = new Y.XmlElement('paragraph')
    para.insert(0, [new Y.XmlText('Data free flow with trust')])
    c.doc.getXmlFragment('xml').insert(0, [para])
    b.doc.getMap('map').set('b', 1)
    await waitFor(
      () =>
        JSON.stringify(snapshotOf(a.doc)) === JSON.stringify(snapshotOf(b.doc)) &&
        JSON.stringify(snapshotOf(b.doc)) === JSON.stringify(snapshotOf(c.doc)) &&
        a.doc.getXmlFragment('xml').length === 1 &&
        a.doc.getText('text').length === 'Digital economy G20 '.length,
      'three clients converge',
    )
    expect(a.doc.getXmlFragment('xml').toString()).toBe(
      '<paragraph>Data free flow with trust</paragraph>',
    )
    expect(c.doc.getMap('map').get('b')).toBe(1)
  })

  it('sends a late joiner the full state', async () => {
    const a = client()
    await synced(a)
    // One transaction, so one update: a late joiner that has the text has the map entry too.
    // (As two updates, the second could reach the relay after the joiner's sync step 2.)
    a.doc.transact(() => {
      a.doc.getText('text').insert(0, 'Recalling the Osaka Track')
      a.doc.getMap('map').set('k', 'v')
    })
    const b = client()
    await synced(b)
    // The two edits are two updates: the second may reach b after its first sync.
    await waitFor(
      () =>
        b.doc.getText('text').toString() === 'Recalling the Osaka Track' &&
        b.doc.getMap('map').get('k') === 'v',
      'late joiner has the text and the map',
    )
  })

  it('keeps documents apart', async () => {
    const a = client('declaration/d1/draft')
    const b = client('declaration/d2/draft')
    await Promise.all([synced(a), synced(b)])
    a.doc.getText('text').insert(0, 'only in d1')
    const a2 = client('declaration/d1/draft')
    await waitFor(
      () => a2.doc.getText('text').toString() === 'only in d1',
      'second d1 client has the text',
    )
    expect(b.doc.getText('text').toString()).toBe('')
  })
})
