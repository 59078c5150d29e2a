import { CloseCode } from '@accord/protocol'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { encodeSyncUpdate } from '../src/sync/messages.js'
import { UpdateValidator } from '../src/sync/UpdateValidator.js'
import { tempDataDir, wsBase } from './helpers.js'
import { type RawClient, rawClient } from './rawClient.js'
import { type RelayServer, startRelayServer } from './relayServer.js'
import { servedDoc } from './relayTestKit.js'

const NAME = 'declaration/nesting/draft'

/**
 * `levels` Y.XmlElements, each inside the one before, under `parent` (or the fragment). With
 * `viaOrigin`, each level first holds a text node, so the next element is placed after it and
 * finds its container through its left origin, not through a parent field.
 */
function nest(doc: Y.Doc, levels: number, viaOrigin = false, parent?: Y.XmlElement): Uint8Array {
  const before = Y.encodeStateVector(doc)
  doc.transact(() => {
    let container: Y.XmlElement | Y.XmlFragment = parent ?? doc.getXmlFragment('prosemirror')
    for (let i = 0; i < levels; i++) {
      const element = new Y.XmlElement('paragraph')
      if (viaOrigin) {
        const text = new Y.XmlText('x')
        container.insert(container.length, [text])
      }
      container.insert(container.length, [element])
      container = element
    }
  })
  return Y.encodeStateAsUpdate(doc, before)
}

/** The deepest element of a fragment, found without recursion. */
function deepest(doc: Y.Doc): Y.XmlElement | null {
  let element: Y.XmlElement | null = null
  let children: Y.XmlElement[] = doc
    .getXmlFragment('prosemirror')
    .toArray()
    .filter((c) => c instanceof Y.XmlElement)
  while (children.length > 0) {
    element = children[children.length - 1]!
    children = element.toArray().filter((c) => c instanceof Y.XmlElement) as Y.XmlElement[]
  }
  return element
}

describe('the decode worker bounds nesting and size', () => {
  const validators: UpdateValidator[] = []
  afterEach(async () => {
    await Promise.all(validators.splice(0).map((v) => v.close()))
  })
  function validator(options: ConstructorParameters<typeof UpdateValidator>[0] = {}) {
    const v = new UpdateValidator(options)
    validators.push(v)
    return v
  }

  it('refuses 10,000 nested elements in one update of about 120 KB as too complex', async () => {
    const update = nest(new Y.Doc(), 10_000)
    expect(update.byteLength).toBeGreaterThan(60_000)
    expect(update.byteLength).toBeLessThan(200_000)
    await expect(validator().validate(update)).resolves.toMatchObject({
      ok: false,
      reason: 'tooComplex',
    })
  })

  it('counts levels found through origins, and under a container the update does not hold', async () => {
    const doc = new Y.Doc()
    nest(doc, 1)
    const under = nest(doc, 100, true, deepest(doc)!)
    await expect(validator().validate(under)).resolves.toMatchObject({ reason: 'tooComplex' })
    // Within the limit, the same shapes pass.
    const fine = new Y.Doc()
    await expect(validator().validate(nest(fine, 30, true))).resolves.toEqual({ ok: true })
  })

  it('refuses an update with more structs than the limit', async () => {
    const doc = new Y.Doc()
    const map = doc.getMap('m')
    // Separate keys cannot merge: one struct each.
    doc.transact(() => {
      for (let i = 0; i < 2_000; i++) map.set(`k${i}`, i)
    })
    const update = Y.encodeStateAsUpdate(doc)
    await expect(validator({ maxStructs: 1_000 }).validate(update)).resolves.toMatchObject({
      reason: 'tooComplex',
    })
    await expect(validator({ maxStructs: 5_000 }).validate(update)).resolves.toEqual({ ok: true })
  })
})

describe('deep updates against a running relay', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: RelayServer
  const raws: RawClient[] = []

  async function raw(): Promise<RawClient> {
    const client = rawClient(`${wsBase(server)}/${NAME}`)
    raws.push(client)
    await client.opened
    return client
  }

  beforeEach(async () => {
    data = tempDataDir()
    server = await startRelayServer(data.dir)
  })

  afterEach(async () => {
    for (const client of raws.splice(0)) client.close()
    await server.close()
    data.cleanup()
  })

  it('closes the sender with UpdateTooComplex before the main thread applies anything', async () => {
    const offender = await raw()
    offender.send(encodeSyncUpdate(nest(new Y.Doc(), 10_000)))
    expect((await offender.closed).code).toBe(CloseCode.UpdateTooComplex)
    expect(server.relay.stats().events.documentReloaded).toBe(0)
    const newcomer = await raw()
    expect((await servedDoc(newcomer)).getXmlFragment('prosemirror').length).toBe(0)
  })

  it('refuses a document grown deeper one update at a time, and rolls the last one back', async () => {
    const doc = new Y.Doc()
    const offender = await raw()
    // 60 levels pass; each later update nests 10 deeper under the deepest element.
    offender.send(encodeSyncUpdate(nest(doc, 60)))
    offender.send(encodeSyncUpdate(nest(doc, 10, false, deepest(doc)!)))
    expect((await offender.closed).code).toBe(CloseCode.UpdateTooComplex)
    expect(server.relay.stats().events.documentReloaded).toBe(1)
    const newcomer = await raw()
    const served = await servedDoc(newcomer)
    let depth = 0
    let element: Y.XmlElement | undefined = served
      .getXmlFragment('prosemirror')
      .get(0) as Y.XmlElement
    while (element) {
      depth += 1
      element = element.get(0) as Y.XmlElement | undefined
    }
    expect(depth).toBe(60)
  })
})
