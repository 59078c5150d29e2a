import { synced } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { draftFragment, eventually, paragraphElement } from './draftDocs.js'
import { type ConferenceFixture, type Person, setUpConference } from './fixtures.js'
import { declarationPath, type RawAnswer, rawRequest } from './rawHttp.js'

// Issue #11: an existing comment follows the stage of new ones. Once new comments are refused
// (silence, a return to drafting), nobody edits, deletes, resolves or reopens one either: the
// one policy decides every comment action. Raw HTTP, trying to get round it: every action on
// every kind of comment, resends, a burst of concurrent edits, variant spellings of the path.

let f: ConferenceFixture
let colleague: Person
let declarationId: string
/** Japan's shared comment, Japan's internal one, and the secretariat's. */
const ids = { shared: '', internal: '', chair: '' }

const path = (rest = '') => `${declarationPath(f, declarationId)}${rest}`
const comment = (id: string, rest = '') => path(`/comments/${id}${rest}`)

async function create(person: Person, visibility: 'all' | 'delegation', body: string) {
  const answer = await rawRequest(f, person, 'POST', path('/comments'), {
    paragraphId: 'p1',
    visibility,
    body,
  })
  expect(answer.status, answer.message).toBe(201)
  return (answer.body as { id: string }).id
}

/** Every comment action a member could try, by whoever may take it while negotiating. */
function attempts(): { name: string; run: () => Promise<RawAnswer> }[] {
  const edit = (person: Person, id: string) => () =>
    rawRequest(f, person, 'PATCH', comment(id), { body: `${person.name} edits late` })
  const remove = (person: Person, id: string) => () => rawRequest(f, person, 'DELETE', comment(id))
  const resolve = (person: Person, id: string, resolved: boolean) => () =>
    rawRequest(f, person, 'PUT', comment(id, '/resolved'), { resolved })
  return [
    { name: 'Japan edits its shared comment', run: edit(f.jpn, ids.shared) },
    { name: 'Japan deletes its shared comment', run: remove(f.jpn, ids.shared) },
    { name: 'Japan resolves its shared comment', run: resolve(f.jpn, ids.shared, true) },
    { name: 'Japan reopens its shared comment', run: resolve(f.jpn, ids.shared, false) },
    { name: 'Japan edits its internal comment', run: edit(f.jpn, ids.internal) },
    { name: 'Japan deletes its internal comment', run: remove(f.jpn, ids.internal) },
    { name: 'a colleague resolves the internal one', run: resolve(colleague, ids.internal, true) },
    { name: 'the secretariat edits its comment', run: edit(f.secretariat, ids.chair) },
    { name: 'the secretariat deletes its comment', run: remove(f.secretariat, ids.chair) },
    { name: 'the secretariat resolves Japan’s', run: resolve(f.secretariat, ids.shared, true) },
    {
      name: 'Japan comments anew',
      run: () =>
        rawRequest(f, f.jpn, 'POST', path('/comments'), {
          paragraphId: 'p1',
          visibility: 'all',
          body: 'a new comment',
        }),
    },
  ]
}

/** Every stored comment of the declaration, internal ones included, to prove nothing changed. */
async function snapshot() {
  return f.server.services.db
    .selectFrom('comment')
    .selectAll()
    .where('declaration_id', '=', declarationId)
    .orderBy('id')
    .execute()
}

async function expectAllRefusedIn(stage: string) {
  const before = await snapshot()
  for (const attempt of attempts()) {
    // Sent twice: a resend gets the same answer and changes nothing either.
    for (const round of [1, 2]) {
      const answer = await attempt.run()
      expect(answer.status, `${attempt.name} (${round}) in ${stage}: ${answer.message}`).toBe(403)
      expect(answer.code).toBe('forbidden')
      expect(answer.message, attempt.name).toMatch(
        new RegExp(`only while the text is negotiated; this declaration is in ${stage}$`),
      )
    }
  }
  expect(await snapshot()).toEqual(before)
}

beforeAll(async () => {
  f = await setUpConference()
  colleague = await f.invite('delegate', 'JPN', 'Kenji Sato')
  declarationId = await f.createDeclaration('Stage test declaration', 'negotiating')
  const chair = f.connect(f.draft(declarationId), f.secretariat.token)
  await synced(chair)
  draftFragment(chair.doc).insert(0, [paragraphElement('p1', 'OP1', 'We agree on p1.')])
  await eventually(async () => {
    const answer = await rawRequest(f, f.secretariat, 'GET', path('/paragraphs'))
    return (answer.body as { id: string }[]).some((p) => p.id === 'p1')
  }, 'the paragraph reaches the server')
  ids.shared = await create(f.jpn, 'all', 'Japan: shared')
  ids.internal = await create(f.jpn, 'delegation', 'Japan: internal')
  ids.chair = await create(f.secretariat, 'all', 'Chair: shared')
})

afterAll(async () => {
  await f?.close()
})

describe('comment actions follow the stage', () => {
  it('refuses every action on every kind of comment in silence, resends included', async () => {
    await f.setStage(declarationId, 'silence')
    await expectAllRefusedIn('silence')
  })

  it('refuses a burst of concurrent edits and deletions in silence: none gets through', async () => {
    const before = await snapshot()
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        i % 2 === 0
          ? rawRequest(f, f.jpn, 'PATCH', comment(ids.shared), { body: `burst ${i}` })
          : rawRequest(f, f.jpn, 'DELETE', comment(ids.internal)),
      ),
    )
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(403))
    expect(await snapshot()).toEqual(before)
  })

  it('answers variant spellings of the path no better', async () => {
    const before = await snapshot()
    const variants: [string, string, unknown][] = [
      ['PATCH', comment(ids.shared, '/'), { body: 'trailing slash' }],
      ['PATCH', comment(ids.shared.toUpperCase()), { body: 'upper case id' }],
      ['PATCH', comment(`${ids.shared}%20`), { body: 'padded id' }],
      ['patch', comment(ids.shared), { body: 'lower-case method' }],
      ['POST', comment(ids.shared), { body: 'POST instead of PATCH' }],
      ['PUT', comment(ids.shared, '/resolved'), '{"resolved":true,"resolved":true}'],
      ['PUT', comment(ids.shared, '/RESOLVED'), { resolved: true }],
    ]
    for (const [method, url, body] of variants) {
      const answer = await rawRequest(f, f.jpn, method, url, body)
      expect([400, 403, 404], `${method} ${url}: ${answer.status}`).toContain(answer.status)
    }
    expect(await snapshot()).toEqual(before)
  })

  it('does not let a command authorised before the stage moved happen after it', async () => {
    // A request that passed the policy while negotiating, and reaches the store once the
    // secretariat moved the declaration to silence: the command must not happen in silence.
    const { negotiation } = f.server.services
    const current = await negotiation.declaration(f.conferenceId, declarationId)
    expect(current.stage).toBe('silence')
    const asAuthorised = { ...current, stage: 'negotiating' as const }
    const actor = {
      userId: f.jpn.id,
      role: 'delegate' as const,
      delegationId: f.delegations.JPN.id,
    }
    const before = await snapshot()
    await expect(
      negotiation.changeComment(asAuthorised, actor, ids.shared, { body: 'late edit' }),
    ).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/meanwhile/) })
    await expect(
      negotiation.resolveComment(asAuthorised, actor, ids.shared, true),
    ).rejects.toMatchObject({
      code: 'conflict',
    })
    await expect(
      negotiation.addComment(asAuthorised, actor, {
        paragraphId: 'p1',
        parentId: null,
        visibility: 'all',
        body: 'late comment',
      }),
    ).rejects.toMatchObject({ code: 'conflict' })
    expect(await snapshot()).toEqual(before)
  })

  it('lets the author act again once negotiation resumes, and refuses again in drafting', async () => {
    await f.setStage(declarationId, 'negotiating')
    const edited = await rawRequest(f, f.jpn, 'PATCH', comment(ids.shared), {
      body: 'Japan: edited while negotiating',
    })
    expect(edited.status, edited.message).toBe(200)
    const resolved = await rawRequest(f, f.secretariat, 'PUT', comment(ids.shared, '/resolved'), {
      resolved: true,
    })
    expect(resolved.status, resolved.message).toBe(200)
    await f.setStage(declarationId, 'drafting')
    await expectAllRefusedIn('drafting')
  })

  it('races edits against a move to silence: each edit is refused or happened before it', async () => {
    await f.setStage(declarationId, 'negotiating')
    const edits = Array.from({ length: 16 }, (_, i) =>
      rawRequest(f, f.jpn, 'PATCH', comment(ids.shared), { body: `race ${i}` }),
    )
    const moved = f.setStage(declarationId, 'silence')
    const answers = await Promise.all(edits)
    await moved
    for (const answer of answers) expect([200, 403, 409], answer.message).toContain(answer.status)
    // Whatever the order, the text now is the last edit that was accepted, or the one before.
    const accepted = answers.flatMap((a, i) => (a.status === 200 ? [`race ${i}`] : []))
    const row = (await snapshot()).find((c) => c.id === ids.shared)!
    expect(['Japan: edited while negotiating', ...accepted]).toContain(row.body)
    await expectAllRefusedIn('silence')
  })
})
