import { synced, type TestClient } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paragraphElement, writeDraft } from './draftDocs.js'
import { type ConferenceFixture, setUpConference } from './fixtures.js'
import { declarationPath, type RawAnswer, rawRequest } from './rawHttp.js'

// Issue #11: when the relay refused the mirror write of a command, the answer was a 500 after
// the command's SQL row and audit entry were already committed. A command now happens entirely
// or not at all, and the refusal is an error of the vocabulary. The refusal here is real: the
// shared mirror reaches the relay's document size limit (no mock of the relay).

const MAX_DOCUMENT_BYTES = 48 * 1024

let f: ConferenceFixture
/** Japan's view of the shared mirror, kept open so that the document stays loaded. */
let shared: TestClient

const comments = () => `${declarationPath(f)}/comments`

function comment(body: string): Promise<RawAnswer> {
  return rawRequest(f, f.jpn, 'POST', comments(), { paragraphId: 'op1', visibility: 'all', body })
}

/** What a command leaves in SQL: the rows it writes and the audit log. */
async function stored() {
  const { db } = f.server.services
  const count = async (table: 'comment' | 'position' | 'audit_log') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  return {
    comments: await count('comment'),
    positions: await count('position'),
    audit: await count('audit_log'),
  }
}

function expectFull(answer: RawAnswer, what: string) {
  expect(answer.status, `${what}: ${answer.status} ${answer.message}`).toBe(507)
  expect(answer.code).toBe('document_full')
  expect(answer.message).toMatch(/nothing was changed; ask the operator/)
  // Nothing of the relay's own words (document names, internals).
  expect(answer.message).not.toMatch(/declaration\/|RelayError|shared/)
}

/** Posts comments of `size` characters until the relay refuses one; returns that answer. */
async function fillWith(size: number, attempts: number): Promise<RawAnswer | null> {
  for (let i = 0; i < attempts; i++) {
    const answer = await comment(`${i} ${'x'.repeat(size)}`.slice(0, size))
    if (answer.status !== 201) return answer
  }
  return null
}

beforeAll(async () => {
  f = await setUpConference({ maxDocumentBytes: MAX_DOCUMENT_BYTES })
  const chair = await writeDraft(f, [paragraphElement('op1', 'OP1', 'We agree.')])
  chair.destroy()
  shared = f.connect(f.shared(), f.jpn.token)
  await synced(shared)
})

afterAll(async () => {
  await f?.close()
})

describe('a command the relay refuses leaves nothing behind', () => {
  it('refuses the comment that would take the shared mirror past its limit: no row, no entry', async () => {
    const refused = await fillWith(9_000, 12)
    expect(refused, 'the relay never refused a comment').not.toBeNull()
    expectFull(refused!, 'the comment over the limit')
    // Measured around one more refused comment, resent as a client would retry.
    const before = await stored()
    for (let i = 0; i < 3; i++) expectFull(await comment('y'.repeat(9_000)), `resend ${i}`)
    expect(await stored()).toEqual(before)
    const bodies = [...shared.doc.getMap('comments').values()].map(
      (c) => (c as { body: string }).body,
    )
    expect(bodies.some((b) => b.startsWith('y'))).toBe(false)
  })

  it('refuses a position in the full mirror: no position row, no audit entry, nothing mirrored', async () => {
    // Nearly full: smaller comments until they no longer fit either.
    for (const size of [1_000, 100]) expect(await fillWith(size, 60)).not.toBeNull()
    const before = await stored()
    const position = () =>
      rawRequest(f, f.jpn, 'PUT', `${declarationPath(f)}/positions`, {
        paragraphId: 'op1',
        value: 'reservation',
        note: `Tokyo reserves its position: ${'n'.repeat(1_900)}`,
      })
    // Two at once, then a resend: each happens entirely or not at all.
    const answers = await Promise.all([position(), position()])
    answers.push(await position())
    for (const answer of answers) expectFull(answer, 'the position')
    expect(await stored()).toEqual(before)
    expect(shared.doc.getMap('positions').size).toBe(0)
    const history = await rawRequest(
      f,
      f.jpn,
      'GET',
      `${declarationPath(f)}/paragraphs/op1/positions`,
    )
    expect(history.body).toEqual([])
  })

  it('still serves what was stored, and the refused commands are in no audit entry', async () => {
    const listed = await rawRequest(f, f.jpn, 'GET', comments())
    expect(listed.status).toBe(200)
    const ids = new Set((listed.body as { id: string }[]).map((c) => c.id))
    const audit = await f.server.services.audit.list({ conferenceId: f.conferenceId, limit: 500 })
    const created = audit.filter((e) => e.action === 'comment.create').map((e) => e.target)
    // Every comment.create entry names a comment that exists, and every comment has one.
    expect(new Set(created)).toEqual(ids)
    expect(audit.some((e) => e.action === 'position.set')).toBe(false)
  })
})

describe('a status change the relay refuses leaves nothing behind', () => {
  let g: ConferenceFixture
  let view: TestClient

  beforeAll(async () => {
    g = await setUpConference({ maxDocumentBytes: MAX_DOCUMENT_BYTES })
    const chair = await writeDraft(g, [paragraphElement('op1', 'OP1', 'We agree.')])
    chair.destroy()
    view = g.connect(g.shared(), g.jpn.token)
    await synced(view)
    // Japan objects (while the mirror has room), then comments fill it.
    const objected = await rawRequest(g, g.jpn, 'PUT', `${declarationPath(g)}/positions`, {
      paragraphId: 'op1',
      value: 'objection',
      note: null,
    })
    expect(objected.status).toBe(200)
    for (const size of [9_000, 1_000, 100]) {
      let refused = false
      for (let i = 0; i < 80 && !refused; i++) {
        const answer = await rawRequest(g, g.jpn, 'POST', `${declarationPath(g)}/comments`, {
          paragraphId: 'op1',
          visibility: 'all',
          body: `${i} ${'x'.repeat(size)}`.slice(0, size),
        })
        refused = answer.status !== 201
      }
      expect(refused, `comments of ${size} never filled the mirror`).toBe(true)
    }
  })

  afterAll(async () => {
    await g?.close()
  })

  it('refuses agreeing over an objection when the mirror cannot take it: no status row, no audit entry, nothing mirrored', async () => {
    const { db } = g.server.services
    const statusRows = async () =>
      Number(
        (
          await db
            .selectFrom('paragraph_status')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    const entries = async () =>
      (await g.server.services.audit.list({ conferenceId: g.conferenceId, limit: 500 })).filter(
        (e) => e.action === 'paragraph.setStatus',
      ).length
    const agree = () =>
      rawRequest(g, g.secretariat, 'PUT', `${declarationPath(g)}/statuses`, {
        paragraphId: 'op1',
        status: 'agreed',
        override: { reason: `Agreed in the room over Japan's objection. ${'r'.repeat(1_900)}` },
      })
    const answers = await Promise.all([agree(), agree()])
    answers.push(await agree())
    for (const answer of answers) expectFull(answer, 'the status')
    expect(await statusRows()).toBe(0)
    expect(await entries()).toBe(0)
    expect(view.doc.getMap('statuses').size).toBe(0)
    // Nothing was locked either: the paragraph can still change.
    expect(
      await g.server.services.negotiation.statuses.locks({ id: g.declarationId } as never),
    ).toEqual([])
  })
})
