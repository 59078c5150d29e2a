import { PARAGRAPH_NODE, sealIdentity, unsealIdentity } from '@accord/editor'
import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { draftFragment, eventually, paragraphElement, writeDraft } from './draftDocs.js'
import { type ConferenceFixture, conferenceAudit, setUpConference } from './fixtures.js'
import { declarationPath, raw } from './rawHttp.js'

// A client without the editor (a stock y-websocket provider on a bare Y.Doc) can write a
// top-level block with no id or label. The server gives every such block an id and a label by
// the editor's rules, so that it can be commented on and taken a position on.

let f: ConferenceFixture
let plain: TestClient

interface Listed {
  id: string
  kind: string
  label: string
  text: string
}

async function listed(): Promise<Listed[]> {
  const answer = await raw(f, f.secretariat, 'GET', `${declarationPath(f)}/paragraphs`)
  expect(answer.status).toBe(200)
  return answer.body as Listed[]
}

/** A block as a plain Yjs client writes it: the node name and a text, nothing else. */
function bareBlock(text: string, attributes: Record<string, string> = {}): Y.XmlElement {
  const element = new Y.XmlElement(PARAGRAPH_NODE)
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value)
  const content = new Y.XmlText()
  content.insert(0, text)
  element.insert(0, [content])
  return element
}

async function listedOnce(text: string): Promise<Listed> {
  let found: Listed | undefined
  await eventually(async () => {
    found = (await listed()).find((p) => p.text === text)
    return found !== undefined && found.id !== ''
  }, `the server gave “${text}” an id`)
  return found!
}

beforeAll(async () => {
  f = await setUpConference()
  await writeDraft(f, [
    paragraphElement('pp1', 'PP1', 'Recalling our commitments;', 'preambular'),
    paragraphElement('op1', 'OP1', 'We will act.'),
    paragraphElement('op2', 'OP2', 'We will report.'),
  ])
  plain = f.connect(f.draft(), f.secretariat.token)
  await synced(plain)
})

afterAll(async () => {
  await f?.close()
})

describe('a block written without the editor', () => {
  it('gets an id and the label of its place: appended, it is the next number', async () => {
    draftFragment(plain.doc).push([bareBlock('We will meet again.')])
    const block = await listedOnce('We will meet again.')
    expect(block).toMatchObject({ kind: 'operative', label: 'OP3' })
    expect(block.id).toMatch(/^[a-z0-9]{16}$/)
    // The writer's own copy gets it too, sealed as the editor seals it.
    await waitFor(() => {
      const element = draftFragment(plain.doc).get(3) as Y.XmlElement
      return element.getAttribute('pid') === block.id
    }, 'the identity reached the writer')
    const element = draftFragment(plain.doc).get(3) as Y.XmlElement
    expect(unsealIdentity(element.getAttribute('identity'))).toEqual({
      pid: block.id,
      kind: 'operative',
      label: 'OP3',
    })
  })

  it('inserted between two paragraphs, it is a “bis”; of another kind, a label of that kind', async () => {
    draftFragment(plain.doc).insert(2, [bareBlock('We will also listen.')])
    draftFragment(plain.doc).insert(1, [
      bareBlock('Noting the report;', { kind: 'preambular', label: 'OP9' }),
    ])
    expect(await listedOnce('We will also listen.')).toMatchObject({ label: 'OP1bis' })
    expect(await listedOnce('Noting the report;')).toMatchObject({
      kind: 'preambular',
      label: 'PP2',
    })
  })

  it('copying another paragraph’s id, it gets its own id and label; the original keeps its', async () => {
    draftFragment(plain.doc).push([
      bareBlock('A copy of OP1.', {
        pid: 'op1',
        kind: 'operative',
        label: 'OP1',
        identity: sealIdentity({ pid: 'op1', kind: 'operative', label: 'OP1' }),
      }),
    ])
    const copy = await listedOnce('A copy of OP1.')
    expect(copy.id).not.toBe('op1')
    expect(copy.label).not.toBe('OP1')
    expect((await listed()).find((p) => p.id === 'op1')).toMatchObject({
      label: 'OP1',
      text: 'We will act.',
    })
  })

  it('leaves no block without an id or a label, and every id once', async () => {
    const all = await listed()
    expect(all.filter((p) => p.id === '')).toEqual([])
    expect(all.filter((p) => p.label === '')).toEqual([])
    expect(new Set(all.map((p) => p.id)).size).toBe(all.length)
  })

  it('can then be commented on and taken a position on, and the grant is audited', async () => {
    const block = await listedOnce('We will meet again.')
    const comment = await raw(f, f.jpn, 'POST', `${declarationPath(f)}/comments`, {
      paragraphId: block.id,
      visibility: 'all',
      body: 'Where?',
    })
    expect(comment.status).toBe(201)
    const position = await raw(f, f.jpn, 'PUT', `${declarationPath(f)}/positions`, {
      paragraphId: block.id,
      value: 'support',
    })
    expect(position.status).toBe(200)
    const granted = (await conferenceAudit(f)).filter((e) => e.action === 'paragraph.identified')
    expect(
      granted.flatMap((e) => (e.detail.paragraphs as { pid: string }[]).map((p) => p.pid)),
    ).toContain(block.id)
  })

  it('from a delegate’s plain client, gets an id too (and becomes its proposal)', async () => {
    const japan = f.connect(f.draft(), f.jpn.token)
    await synced(japan)
    draftFragment(japan.doc).push([bareBlock('Japan adds this.')])
    const block = await listedOnce('Japan adds this.')
    expect(block.label).toMatch(/^OP\d+$/)
  })
})
