import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  draftFragment,
  eventually,
  paragraphElement,
  pidsOf,
  textOf,
  writeDraft,
} from './draftDocs.js'
import {
  type ConferenceFixture,
  conferenceAudit,
  expectStatus,
  negotiationApi,
  type Person,
  setUpConference,
} from './fixtures.js'
import { type MirrorWatch, watchMirror } from './mirrorDelivery.js'

// Comments per paragraph: threads and replies, shared or internal to the author's delegation,
// edited and deleted by their author only, resolved and reopened, and kept (as orphaned) when
// their paragraph leaves the draft. Every change reaches the members' mirrors within 1 s.

interface MirroredComment {
  id: string
  paragraphId: string
  parentId: string | null
  delegation: string | null
  visibility: 'all' | 'delegation'
  body: string
  editedAt: number | null
  deleted: boolean
  resolved: boolean
}

let f: ConferenceFixture
let b20: Person
let chair: TestClient
/** The shared mirror as France's provider holds it. */
let franceShared: MirrorWatch
/** Japan's own delegation mirror, as Japan's provider holds it. */
let japanInternal: MirrorWatch
/** The thread Japan opens on OP1, and its replies. */
let thread: string
const replies: Record<string, string> = {}

const param = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })
const commentParam = (commentId: string) => ({ ...param(), commentId })

function mirrored(watch: MirrorWatch, id: string): MirroredComment | undefined {
  return watch.map.get(id) as MirroredComment | undefined
}

async function post(
  person: Person,
  json: { paragraphId: string; visibility: 'all' | 'delegation'; body: string; parentId?: string },
) {
  return negotiationApi(person).comments.$post({ param: param(), json })
}

async function created(response: Response, what: string): Promise<string> {
  await expectStatus(response, 201, what)
  return ((await response.json()) as { id: string }).id
}

async function listAs(person: Person) {
  const response = await negotiationApi(person).comments.$get({ param: param() })
  await expectStatus(response, 200, `comments as ${person.name}`)
  return response.json()
}

beforeAll(async () => {
  f = await setUpConference()
  b20 = await f.invite('delegate', 'B20', 'Bo Business')
  chair = await writeDraft(f, [
    paragraphElement('op1', 'OP1', 'We will promote data free flow with trust.'),
    paragraphElement('op2', 'OP2', 'We support digitalization for the SDGs.'),
    paragraphElement('op3', 'OP3', 'We will hold a follow-up meeting in 2027.'),
  ])
  const shared = f.connect(f.shared(), f.fra.token)
  const internal = f.connect(f.delegationDoc('JPN'), f.jpn.token)
  await Promise.all([synced(shared), synced(internal)])
  franceShared = watchMirror(shared, 'comments')
  japanInternal = watchMirror(internal, 'comments')
})

afterAll(async () => {
  await f?.close()
})

describe('threads and replies', () => {
  it('a thread with replies from three delegations and the secretariat reaches members within 1 s', async () => {
    thread = await franceShared.after(
      async () =>
        created(
          await post(f.jpn, {
            paragraphId: 'op1',
            visibility: 'all',
            body: 'Japan: can we add "including through a multilateral arrangement"?',
          }),
          'thread',
        ),
      (map) => map.size === 1,
      'the thread reaches France',
    )
    for (const [key, person] of [
      ['fra', f.fra],
      ['b20', b20],
      ['chair', f.secretariat],
    ] as const) {
      replies[key] = await franceShared.after(
        async () =>
          created(
            await post(person, {
              paragraphId: 'op1',
              visibility: 'all',
              body: `${person.name} replies on OP1`,
              parentId: thread,
            }),
            `reply of ${person.name}`,
          ),
        (map) => [...map.keys()].length === Object.keys(replies).length + 2,
        `the reply of ${person.name} reaches France`,
      )
    }
    expect(mirrored(franceShared, thread)).toMatchObject({
      paragraphId: 'op1',
      parentId: null,
      delegation: 'JPN',
      visibility: 'all',
    })
    const listed = await listAs(f.fra)
    const byId = new Map(listed.map((c) => [c.id, c]))
    expect(byId.get(replies.fra!)).toMatchObject({ parentId: thread, delegation: 'FRA' })
    expect(byId.get(replies.b20!)).toMatchObject({ parentId: thread, delegation: 'B20' })
    expect(byId.get(replies.chair!)).toMatchObject({ parentId: thread, delegation: null })
    expect(byId.get(thread)).toMatchObject({ orphaned: false, deleted: false, resolved: false })
  })

  it('keeps a reply on its thread’s paragraph and visibility', async () => {
    const elsewhere = await post(f.fra, {
      paragraphId: 'op2',
      visibility: 'all',
      body: 'a reply on another paragraph',
      parentId: thread,
    })
    expect(elsewhere.status).toBe(400)
    const narrower = await post(f.jpn, {
      paragraphId: 'op1',
      visibility: 'delegation',
      body: 'an internal reply to a shared thread',
      parentId: thread,
    })
    expect(narrower.status).toBe(400)
    const missing = await post(f.fra, {
      paragraphId: 'op9',
      visibility: 'all',
      body: 'a comment on no paragraph',
    })
    expect(missing.status).toBe(404)
  })

  it('puts an internal comment in Japan’s own mirror within 1 s, and nowhere shared', async () => {
    const id = await japanInternal.after(
      async () =>
        created(
          await post(f.jpn, {
            paragraphId: 'op2',
            visibility: 'delegation',
            body: 'Japan only: Tokyo can accept OP2 as is',
          }),
          'internal comment',
        ),
      (map) => map.size === 1,
      'the internal comment reaches Japan’s mirror',
    )
    expect(mirrored(japanInternal, id)).toMatchObject({
      visibility: 'delegation',
      delegation: 'JPN',
    })
    expect(franceShared.map.has(id)).toBe(false)
    expect((await listAs(f.fra)).map((c) => c.id)).not.toContain(id)
    expect((await listAs(f.jpn)).map((c) => c.id)).toContain(id)
  })
})

describe('editing and deleting', () => {
  it('lets the author edit their comment, and the edit reaches members within 1 s', async () => {
    const body = 'Japan (edited): can we add "including through a plurilateral arrangement"?'
    await franceShared.after(
      async () => {
        const response = await negotiationApi(f.jpn).comments[':commentId'].$patch({
          param: commentParam(thread),
          json: { body },
        })
        await expectStatus(response, 200, 'edit')
      },
      (map) => (map.get(thread) as MirroredComment | undefined)?.body === body,
      'the edit reaches France',
    )
    expect(mirrored(franceShared, thread)?.editedAt).toEqual(expect.any(Number))
  })

  it('forbids anyone else to edit or delete it: another delegation, the secretariat, a colleague', async () => {
    const colleague = await f.invite('delegate', 'JPN', 'Kenji Sato')
    const before = mirrored(franceShared, thread)
    for (const person of [f.fra, b20, f.secretariat, colleague]) {
      const edit = await negotiationApi(person).comments[':commentId'].$patch({
        param: commentParam(thread),
        json: { body: `${person.name} rewrites Japan` },
      })
      expect(edit.status, `edit by ${person.name}`).toBe(403)
      const remove = await negotiationApi(person).comments[':commentId'].$delete({
        param: commentParam(thread),
      })
      expect(remove.status, `deletion by ${person.name}`).toBe(403)
    }
    const listed = (await listAs(f.fra)).find((c) => c.id === thread)
    expect(listed).toMatchObject({ body: before?.body, deleted: false })
    const denied = (await conferenceAudit(f)).filter(
      (entry) =>
        (entry.action === 'comment.edit' || entry.action === 'comment.delete') &&
        entry.outcome === 'denied',
    )
    expect(denied.length).toBeGreaterThanOrEqual(8)
  })

  it('lets the author delete their comment: kept as deleted, without its body, for everyone within 1 s', async () => {
    const id = replies.fra!
    await franceShared.after(
      async () => {
        const response = await negotiationApi(f.fra).comments[':commentId'].$delete({
          param: commentParam(id),
        })
        await expectStatus(response, 200, 'deletion')
      },
      (map) => (map.get(id) as MirroredComment | undefined)?.deleted === true,
      'the deletion reaches France',
    )
    expect(mirrored(franceShared, id)).toMatchObject({ deleted: true, body: '', parentId: thread })
    expect((await listAs(f.jpn)).find((c) => c.id === id)).toMatchObject({
      deleted: true,
      body: '',
    })
    const again = await negotiationApi(f.fra).comments[':commentId'].$patch({
      param: commentParam(id),
      json: { body: 'back from the dead' },
    })
    expect(again.status).toBe(409)
  })
})

describe('resolving', () => {
  it('resolves and reopens a thread, and each change reaches members within 1 s', async () => {
    await franceShared.after(
      async () => {
        const response = await negotiationApi(f.jpn).comments[':commentId'].resolved.$put({
          param: commentParam(thread),
          json: { resolved: true },
        })
        await expectStatus(response, 200, 'resolve')
      },
      (map) => (map.get(thread) as MirroredComment | undefined)?.resolved === true,
      'the resolution reaches France',
    )
    await franceShared.after(
      async () => {
        const response = await negotiationApi(f.secretariat).comments[':commentId'].resolved.$put({
          param: commentParam(thread),
          json: { resolved: false },
        })
        await expectStatus(response, 200, 'reopen')
      },
      (map) => (map.get(thread) as MirroredComment | undefined)?.resolved === false,
      'the reopening reaches France',
    )
    expect((await listAs(f.fra)).find((c) => c.id === thread)?.resolved).toBe(false)
    const actions = (await conferenceAudit(f))
      .filter((entry) => entry.target === thread && entry.outcome === 'ok')
      .map((entry) => entry.action)
    expect(actions).toEqual(
      expect.arrayContaining([
        'comment.create',
        'comment.edit',
        'comment.resolve',
        'comment.reopen',
      ]),
    )
  })
})

describe('a comment whose paragraph leaves the draft', () => {
  it('is kept, shown as orphaned, to everyone who may see it', async () => {
    const shared = await created(
      await post(f.fra, { paragraphId: 'op3', visibility: 'all', body: 'France on OP3' }),
      'comment on OP3',
    )
    const internal = await created(
      await post(f.jpn, { paragraphId: 'op3', visibility: 'delegation', body: 'Japan on OP3' }),
      'internal comment on OP3',
    )
    // The text around the comments changes: they stay with their paragraph.
    textOf(chair.doc, 'op3').insert(0, 'Finally, ', {})
    await eventually(async () => {
      const response = await negotiationApi(f.fra).paragraphs.$get({ param: param() })
      const op3 = (await response.json()).find((p) => p.id === 'op3')
      return op3?.text.startsWith('Finally, ') === true
    }, 'the edit of OP3 reached the server')
    expect((await listAs(f.fra)).find((c) => c.id === shared)?.orphaned).toBe(false)
    // Then the secretariat deletes OP3 from the draft.
    draftFragment(chair.doc).delete(pidsOf(chair.doc).indexOf('op3'), 1)
    await eventually(
      async () => (await listAs(f.fra)).find((c) => c.id === shared)?.orphaned === true,
      'the comment shows as orphaned',
    )
    const french = await listAs(f.fra)
    expect(french.find((c) => c.id === shared)).toMatchObject({
      paragraphId: 'op3',
      body: 'France on OP3',
      orphaned: true,
      deleted: false,
    })
    // Comments on paragraphs still in the draft are not orphaned.
    expect(french.find((c) => c.id === thread)?.orphaned).toBe(false)
    const japanese = await listAs(f.jpn)
    expect(japanese.find((c) => c.id === internal)).toMatchObject({
      body: 'Japan on OP3',
      orphaned: true,
    })
    // The mirrors keep them too, marked as orphaned for readers offline.
    expect(mirrored(franceShared, shared)?.body).toBe('France on OP3')
    await waitFor(
      () =>
        (mirrored(franceShared, shared) as { orphaned?: boolean } | undefined)?.orphaned === true,
      'the shared mirror marks the comment orphaned',
    )
    await waitFor(
      () =>
        (japanInternal.map.get(internal) as { orphaned?: boolean } | undefined)?.orphaned === true,
      'Japan’s mirror marks its internal comment orphaned',
    )
  })
})
