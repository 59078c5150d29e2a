import { EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { type RawClient, rawClient } from '@accord/server/testing/raw-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  draftFragment,
  editUpdate,
  elementOf,
  eventually,
  framesContain,
  paragraphElement,
  pidsOf,
  readParagraph,
  storedDoc,
  syncFrame,
  textOf,
  writeDraft,
} from './draftDocs.js'
import {
  type ConferenceFixture,
  conferenceAudit,
  expectStatus,
  negotiationApi,
  setUpConference,
} from './fixtures.js'

// Agreed text is locked on the server, not only in the editor: a client that bypasses the editor
// and changes an agreed paragraph anyway sees the server put the agreed text back, for everyone,
// and the attempt lands in the audit log. The updates here come from a raw WebSocket.

const AGREED = 'We will strengthen the security of the digital economy.'
const AGREED_PARAGRAPH = {
  id: 'op1',
  kind: 'operative',
  label: 'OP1',
  text: AGREED,
  proposals: [],
}

let f: ConferenceFixture
let chair: TestClient
let france: TestClient
let japan: TestClient
const raws: RawClient[] = []

const param = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })

beforeAll(async () => {
  f = await setUpConference()
  chair = await writeDraft(f, [
    paragraphElement('pp1', 'PP1', 'Recalling the Osaka Track,', 'preambular'),
    paragraphElement('op1', 'OP1', AGREED),
    paragraphElement('op2', 'OP2', 'We support digitalization for the SDGs.'),
    paragraphElement('op3', 'OP3', 'We promote human-centric AI.'),
  ])
  const agreed = await negotiationApi(f.secretariat).statuses.$put({
    param: param(),
    json: { paragraphId: 'op1', status: 'agreed' },
  })
  await expectStatus(agreed, 200, 'op1 agreed')
  france = f.connect(f.draft(), f.fra.token)
  japan = f.connect(f.draft(), f.jpn.token)
  await Promise.all([synced(france), synced(japan)])
})

afterEach(() => {
  for (const raw of raws.splice(0)) raw.close()
})

afterAll(async () => {
  await f?.close()
})

async function rawDraft(token = f.jpn.token): Promise<RawClient> {
  const raw = rawClient(
    `${f.wsBase}/${f.draft()}?token=${encodeURIComponent(token)}&editor=${EDITOR_SCHEMA_VERSION}`,
  )
  raws.push(raw)
  await raw.opened
  await waitFor(() => raw.received.length > 0, 'the relay opened the raw connection')
  return raw
}

/** Sends `edit` of the draft (as the secretariat's copy holds it) from a raw Japanese client. */
async function rawEdit(edit: (doc: Y.Doc) => void, token = f.jpn.token): Promise<RawClient> {
  const raw = await rawDraft(token)
  raw.send(syncFrame(editUpdate(chair.doc, edit)))
  return raw
}

async function lockRestorations() {
  return (await conferenceAudit(f)).filter(
    (entry) => entry.action === 'paragraph.lockRestored' && entry.target === 'op1',
  )
}

/** Waits until every provider holds `opensWith` at the start of `pid` and OP1 as agreed. */
async function everyoneSeesAgreedTextAnd(pid: string, opensWith: string) {
  for (const [who, client] of [
    ['the secretariat', chair],
    ['France', france],
    ['Japan', japan],
  ] as const) {
    await waitFor(
      () =>
        readParagraph(client.doc, pid)?.text.startsWith(opensWith) === true &&
        JSON.stringify(readParagraph(client.doc, 'op1')) === JSON.stringify(AGREED_PARAGRAPH),
      `${who} holds the open edit and the agreed OP1`,
    )
  }
}

/** The server's own copies (the API and the store) hold OP1 as agreed. */
async function serverHoldsAgreedText() {
  const response = await negotiationApi(f.fra).paragraphs.$get({ param: param() })
  await expectStatus(response, 200, 'paragraphs')
  expect((await response.json()).find((p) => p.id === 'op1')).toMatchObject(AGREED_PARAGRAPH)
  const stored = await storedDoc(f.server.store, f.draft())
  expect(readParagraph(stored.doc, 'op1')).toEqual(AGREED_PARAGRAPH)
  stored.doc.destroy()
}

describe('an agreed paragraph changed by a raw client', () => {
  it('is restored for everyone, while an open paragraph in the same update keeps its edit', async () => {
    const before = (await lockRestorations()).length
    const raw = await rawEdit((doc) => {
      textOf(doc, 'op1').insert(0, 'NOT ', {})
      textOf(doc, 'op2').insert(0, 'Indeed, ', {})
    })
    // OP2 (open) shows the update was applied; OP1 (agreed) is back as agreed.
    await everyoneSeesAgreedTextAnd('op2', 'Indeed, ')
    // The sender, too, is sent the agreed text back.
    await waitFor(() => framesContain(raw.received, AGREED), 'the sender receives the restore')
    await serverHoldsAgreedText()
    await eventually(
      async () => (await lockRestorations()).length === before + 1,
      'the attempt is audited',
    )
    expect((await lockRestorations())[0]).toMatchObject({
      actor_user_id: f.jpn.id,
      outcome: 'denied',
      target: 'op1',
      detail: { declarationId: f.declarationId },
    })
  })

  it('is put back in place, with its identity, when the whole paragraph element is deleted', async () => {
    const before = (await lockRestorations()).length
    await rawEdit((doc) => {
      const index = pidsOf(doc).indexOf('op1')
      draftFragment(doc).delete(index, 1)
      textOf(doc, 'op3').insert(0, 'Together, ', {})
    })
    await everyoneSeesAgreedTextAnd('op3', 'Together, ')
    for (const client of [chair, france, japan]) {
      await waitFor(
        () => pidsOf(client.doc).join() === 'pp1,op1,op2,op3',
        'OP1 is back between PP1 and OP2',
      )
    }
    await serverHoldsAgreedText()
    await eventually(
      async () => (await lockRestorations()).length === before + 1,
      'the deletion is audited',
    )
    expect((await lockRestorations())[0]).toMatchObject({
      actor_user_id: f.jpn.id,
      outcome: 'denied',
    })
  })

  it('gets its working label back when a client relabels it', async () => {
    const before = (await lockRestorations()).length
    await rawEdit((doc) => {
      elementOf(doc, 'op1')!.setAttribute('label', 'OP9')
      textOf(doc, 'op2').insert(0, 'Also, ', {})
    })
    await everyoneSeesAgreedTextAnd('op2', 'Also, ')
    expect(elementOf(france.doc, 'op1')?.getAttribute('label')).toBe('OP1')
    await serverHoldsAgreedText()
    await eventually(
      async () => (await lockRestorations()).length === before + 1,
      'the relabelling is audited',
    )
  })
})

describe('an agreed paragraph dodged by structure (issue #8)', () => {
  // The secretariat holds the pen on clean text, so only the lock stands between it and agreed
  // text: these edits come from the secretariat's raw connection.

  /** Elements of the draft that claim `pid`, in any way (attribute or seal). */
  const claimants = (doc: Y.Doc, pid: string) =>
    draftFragment(doc)
      .toArray()
      .filter((el) => el instanceof Y.XmlElement && el.getAttribute('pid') === pid).length

  it('a copy put in front of it, then a change to the original, is undone and audited', async () => {
    const before = (await lockRestorations()).length
    await rawEdit((doc) => {
      const fragment = draftFragment(doc)
      const index = pidsOf(doc).indexOf('op1')
      const original = fragment.get(index) as Y.XmlElement
      fragment.insert(index, [paragraphElement('op1', 'OP1', AGREED)])
      const text = original.get(0) as Y.XmlText
      text.insert(0, 'NEVER AGREED: ', {})
      textOf(doc, 'op2').insert(0, 'Copying, ', {})
    }, f.secretariat.token)
    await everyoneSeesAgreedTextAnd('op2', 'Copying, ')
    for (const client of [chair, france, japan]) {
      await waitFor(
        () =>
          claimants(client.doc, 'op1') === 1 &&
          !JSON.stringify(draftFragment(client.doc).toJSON()).includes('NEVER AGREED'),
        'one OP1, as agreed',
      )
    }
    await serverHoldsAgreedText()
    const listed = await (await negotiationApi(f.fra).paragraphs.$get({ param: param() })).json()
    expect(listed.filter((p) => p.label === 'OP1')).toHaveLength(1)
    await eventually(
      async () => (await lockRestorations()).length === before + 1,
      'the attempt is audited',
    )
  })

  it('a nested element with text inside it is removed', async () => {
    const before = (await lockRestorations()).length
    await rawEdit((doc) => {
      const nested = new Y.XmlElement('paragraph')
      nested.insert(0, [new Y.XmlText('hidden clause')])
      elementOf(doc, 'op1')!.insert(1, [nested])
      textOf(doc, 'op3').insert(0, 'Nesting, ', {})
    }, f.secretariat.token)
    await everyoneSeesAgreedTextAnd('op3', 'Nesting, ')
    for (const client of [chair, france, japan]) {
      await waitFor(
        () => !JSON.stringify(draftFragment(client.doc).toJSON()).includes('hidden clause'),
        'the nested clause is gone',
      )
      expect(elementOf(client.doc, 'op1')!.length).toBe(1)
    }
    await serverHoldsAgreedText()
    await eventually(
      async () => (await lockRestorations()).length === before + 1,
      'the attempt is audited',
    )
  })
})
