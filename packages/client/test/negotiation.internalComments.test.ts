import { EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { CloseCode, MessageType, SyncMessageType } from '@accord/protocol'
import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { type RawClient, rawClient } from '@accord/server/testing/raw-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { framesContain, paragraphElement, writeDraft } from './draftDocs.js'
import {
  type ConferenceFixture,
  expectStatus,
  negotiationApi,
  type Person,
  setUpConference,
} from './fixtures.js'
import { QUERY_AWARENESS, SYNC_STEP1_EMPTY } from './frames.js'

// Internal comments belong to one delegation. They must never be sent to anyone else, in any
// form: not through the API, and not inside Yjs state, where deleted and overwritten content
// still travels. So besides the API, every byte France's connections receive is searched.

const INTERNAL = 'JPN internal: capital can live with OP1 if the 2030 target stays'
const INTERNAL_REPLY = 'JPN internal reply: confirmed by Tokyo, keep this in the room'
const INTERNAL_EDITED = 'JPN internal (edited): capital insists on the 2030 target'
/** Posted after the internal ones: once France has it, France had every chance to get them. */
const SHARED_AFTER = 'JPN to all: we are ready to discuss OP1 in the informals'

let f: ConferenceFixture
let b20: Person
let internalId: string
let replyId: string

/** France's raw connections to every document France can open, and two it cannot. */
const france: Record<string, RawClient> = {}
/** Japan's raw connection to its own delegation document: the positive control. */
let japanOwn: RawClient
/** Japan's provider on its own delegation document. */
let japanMirror: TestClient
/** France's provider on the shared mirror. */
let franceShared: TestClient

const param = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })

/** Whether a frame from the relay is a sync step 2: the answer to "send me everything". */
function isSyncStep2(frame: Uint8Array): boolean {
  return frame[0] === MessageType.Sync && frame[1] === SyncMessageType.Step2
}

/** A raw connection that asks for the whole document and every presence, and records every frame. */
function recorder(name: string, person: Person): RawClient {
  const raw = rawClient(
    `${f.wsBase}/${name}?token=${encodeURIComponent(person.token)}&editor=${EDITOR_SCHEMA_VERSION}`,
  )
  raw.opened.then(
    () => {
      raw.send(SYNC_STEP1_EMPTY)
      raw.send(QUERY_AWARENESS)
    },
    () => {},
  )
  return raw
}

async function comment(
  person: Person,
  body: string,
  visibility: 'all' | 'delegation',
  parentId: string | null = null,
) {
  const response = await negotiationApi(person).comments.$post({
    param: param(),
    json: { paragraphId: 'op1', visibility, body, parentId },
  })
  await expectStatus(response, 201, `comment by ${person.name}`)
  return (await response.json()).id
}

async function commentsAs(person: Person) {
  const response = await negotiationApi(person).comments.$get({ param: param() })
  await expectStatus(response, 200, `comments as ${person.name}`)
  return response.json()
}

beforeAll(async () => {
  f = await setUpConference()
  b20 = await f.invite('delegate', 'B20', 'Bo Business')
  await writeDraft(f, [
    paragraphElement('op1', 'OP1', 'We will promote data free flow with trust.'),
  ])
  // France is connected everywhere it may be before Japan says anything, and tries where it may not.
  france.shared = recorder(f.shared(), f.fra)
  france.draft = recorder(f.draft(), f.fra)
  france.own = recorder(f.delegationDoc('FRA'), f.fra)
  france.japans = recorder(f.delegationDoc('JPN'), f.fra)
  france.secretariat = recorder(f.secretariatDoc(), f.fra)
  japanOwn = recorder(f.delegationDoc('JPN'), f.jpn)
  franceShared = f.connect(f.shared(), f.fra.token)
  japanMirror = f.connect(f.delegationDoc('JPN'), f.jpn.token)
  await Promise.all([synced(franceShared), synced(japanMirror)])
  for (const key of ['shared', 'draft', 'own'] as const) {
    await waitFor(() => france[key]!.received.length > 0, `France's ${key} connection is open`)
  }
  await waitFor(() => japanOwn.received.length > 0, 'Japan’s own connection is open')

  internalId = await comment(f.jpn, INTERNAL, 'delegation')
  replyId = await comment(f.jpn, INTERNAL_REPLY, 'delegation', internalId)
  const edited = await negotiationApi(f.jpn).comments[':commentId'].$patch({
    param: { ...param(), commentId: internalId },
    json: { body: INTERNAL_EDITED },
  })
  await expectStatus(edited, 200, 'edit of the internal comment')
  const resolved = await negotiationApi(f.jpn).comments[':commentId'].resolved.$put({
    param: { ...param(), commentId: internalId },
    json: { resolved: true },
  })
  await expectStatus(resolved, 200, 'resolution of the internal thread')
  await comment(f.jpn, SHARED_AFTER, 'all')
  await waitFor(
    () => framesContain(france.shared!.received, SHARED_AFTER),
    'the later shared comment reached France’s raw connection',
  )
  await waitFor(
    () => framesContain(japanOwn.received, INTERNAL_EDITED),
    'the edited internal comment reached Japan’s raw connection',
  )
})

afterAll(async () => {
  for (const raw of [...Object.values(france), japanOwn]) raw?.close()
  await f?.close()
})

describe('the API', () => {
  it('lists the internal thread to Japan only: not to France, the B20 or the secretariat', async () => {
    const japan = await commentsAs(f.jpn)
    expect(japan.map((c) => c.id)).toEqual(expect.arrayContaining([internalId, replyId]))
    expect(japan.find((c) => c.id === internalId)).toMatchObject({
      visibility: 'delegation',
      delegation: 'JPN',
      body: INTERNAL_EDITED,
      resolved: true,
    })
    for (const other of [f.fra, b20, f.secretariat]) {
      const seen = await commentsAs(other)
      // The shared comment is there: the list is not empty for a trivial reason.
      expect(
        seen.map((c) => c.body),
        other.name,
      ).toContain(SHARED_AFTER)
      expect(
        seen.map((c) => c.id),
        other.name,
      ).not.toContain(internalId)
      expect(
        seen.map((c) => c.id),
        other.name,
      ).not.toContain(replyId)
      const text = JSON.stringify(seen)
      for (const body of [INTERNAL, INTERNAL_REPLY, INTERNAL_EDITED])
        expect(text).not.toContain(body)
    }
  })

  it('lets nobody outside Japan reply to, edit, resolve or delete the internal thread', async () => {
    const reply = await negotiationApi(f.fra).comments.$post({
      param: param(),
      json: {
        paragraphId: 'op1',
        visibility: 'delegation',
        body: 'France replies',
        parentId: internalId,
      },
    })
    // An internal comment of France cannot hang off Japan's thread, nor learn that it exists.
    expect(reply.status).toBe(404)
    const edit = await negotiationApi(f.fra).comments[':commentId'].$patch({
      param: { ...param(), commentId: internalId },
      json: { body: 'France rewrites Japan' },
    })
    // Nor edit, reopen or delete it: for them it does not exist (404, as for the reply).
    expect(edit.status).toBe(404)
    const reopen = await negotiationApi(f.fra).comments[':commentId'].resolved.$put({
      param: { ...param(), commentId: internalId },
      json: { resolved: false },
    })
    expect(reopen.status).toBe(404)
    const secretariatReopen = await negotiationApi(f.secretariat).comments[
      ':commentId'
    ].resolved.$put({
      param: { ...param(), commentId: internalId },
      json: { resolved: false },
    })
    expect(secretariatReopen.status).toBe(404)
    const remove = await negotiationApi(f.fra).comments[':commentId'].$delete({
      param: { ...param(), commentId: internalId },
    })
    expect(remove.status).toBe(404)
    expect((await commentsAs(f.jpn)).find((c) => c.id === internalId)).toMatchObject({
      body: INTERNAL_EDITED,
      resolved: true,
      deleted: false,
    })
  })
})

describe('the wire', () => {
  it('Japan’s own delegation document carries every internal body (the search sees them)', () => {
    for (const body of [INTERNAL, INTERNAL_REPLY, INTERNAL_EDITED]) {
      expect(framesContain(japanOwn.received, body), body).toBe(true)
    }
    const comments = japanMirror.doc.getMap('comments').toJSON() as Record<string, { body: string }>
    expect(comments[internalId]?.body).toBe(INTERNAL_EDITED)
    expect(comments[replyId]?.body).toBe(INTERNAL_REPLY)
  })

  it('no frame France received, on any document, holds an internal body', () => {
    for (const [name, raw] of Object.entries(france)) {
      for (const body of [INTERNAL, INTERNAL_REPLY, INTERNAL_EDITED]) {
        expect(framesContain(raw.received, body), `France's ${name} connection: ${body}`).toBe(
          false,
        )
      }
    }
    // Neither id travels either: France cannot even tell that Japan commented internally.
    for (const raw of Object.values(france)) {
      expect(framesContain(raw.received, internalId)).toBe(false)
      expect(framesContain(raw.received, replyId)).toBe(false)
    }
    expect(JSON.stringify(franceShared.doc.toJSON())).not.toContain('JPN internal')
  })

  it('France is refused Japan’s document and the secretariat’s, with zero bytes', async () => {
    for (const key of ['japans', 'secretariat'] as const) {
      expect((await france[key]!.closed).code).toBe(CloseCode.Forbidden)
      expect(france[key]!.receivedBytes()).toBe(0)
    }
  })

  it('a fresh French connection, asking for whole documents, gets no internal body either', async () => {
    const fresh = [f.shared(), f.draft(), f.delegationDoc('FRA')].map((name) =>
      recorder(name, f.fra),
    )
    for (const raw of fresh)
      await waitFor(() => raw.received.some(isSyncStep2), 'the whole document came')
    // The answer to "send me everything" holds the shared comment: the search would see a leak.
    expect(framesContain(fresh[0]!.received, SHARED_AFTER)).toBe(true)
    for (const raw of fresh) {
      for (const body of [INTERNAL, INTERNAL_REPLY, INTERNAL_EDITED])
        expect(framesContain(raw.received, body)).toBe(false)
      raw.close()
    }
  })
})
