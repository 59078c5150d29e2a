import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paragraphElement, writeDraft } from './draftDocs.js'
import { type ConferenceFixture, type Person, setUpConference } from './fixtures.js'
import { declarationPath, rawRequest } from './rawHttp.js'

// Issue #11: the audit log told the secretariat who wrote each internal comment, on which
// paragraph, under which id, while the policy denies it the delegation's mirror. Entries about a
// delegation's internal material belong to that delegation and the operator. Raw HTTP, trying
// to get round it: every page size, paging backwards, each reader, denied attempts included.

interface Entry {
  id: number
  action: string
  outcome: string
  target: string | null
  detail: Record<string, unknown>
}

let f: ConferenceFixture
let colleague: Person
let internalId: string
let sharedId: string

const auditPath = () => `/conferences/${f.conferenceId}/audit`
const comments = () => `${declarationPath(f)}/comments`

/** Every entry `person` can page through, newest first, `limit` at a time. */
async function everything(person: Person, limit: number): Promise<Entry[]> {
  const out: Entry[] = []
  let before: number | undefined
  for (;;) {
    const query = before ? `?limit=${limit}&before=${before}` : `?limit=${limit}`
    const answer = await rawRequest(f, person, 'GET', `${auditPath()}${query}`)
    expect(answer.status, answer.message).toBe(200)
    const page = answer.body as Entry[]
    if (page.length === 0) return out
    out.push(...page)
    before = page.at(-1)!.id
  }
}

/** Whether an entry gives away anything of Japan's internal thread. */
function aboutInternal(entry: Entry): boolean {
  return (
    entry.target === internalId ||
    entry.detail.internalTo !== undefined ||
    JSON.stringify(entry).includes(internalId)
  )
}

beforeAll(async () => {
  f = await setUpConference()
  colleague = await f.invite('delegate', 'JPN', 'Kenji Sato')
  const chair = await writeDraft(f, [paragraphElement('op1', 'OP1', 'We agree.')])
  chair.destroy()
  const internal = await rawRequest(f, f.jpn, 'POST', comments(), {
    paragraphId: 'op1',
    visibility: 'delegation',
    body: 'Japan only: Tokyo can live with OP1',
  })
  expect(internal.status).toBe(201)
  internalId = (internal.body as { id: string }).id
  const shared = await rawRequest(f, f.jpn, 'POST', comments(), {
    paragraphId: 'op1',
    visibility: 'all',
    body: 'Japan to all: OP1 is fine',
  })
  expect(shared.status).toBe(201)
  sharedId = (shared.body as { id: string }).id
  // Edited, resolved, reopened, then deleted: every kind of entry about the internal thread.
  for (const [method, rest, body] of [
    ['PATCH', '', { body: 'Japan only: Tokyo accepts OP1' }],
    ['PUT', '/resolved', { resolved: true }],
    ['PUT', '/resolved', { resolved: false }],
  ] as const) {
    const answer = await rawRequest(f, f.jpn, method, `${comments()}/${internalId}${rest}`, body)
    expect(answer.status, answer.message).toBe(200)
  }
  // A denied attempt inside Japan: a colleague may not edit Aiko's comment (audited as denied).
  const denied = await rawRequest(f, colleague, 'PATCH', `${comments()}/${internalId}`, {
    body: 'Kenji rewrites Aiko',
  })
  expect(denied.status).toBe(403)
  const reply = await rawRequest(f, colleague, 'POST', comments(), {
    paragraphId: 'op1',
    visibility: 'delegation',
    body: 'Kenji agrees',
    parentId: internalId,
  })
  expect(reply.status).toBe(201)
})

afterAll(async () => {
  await f?.close()
})

describe('audit entries about a delegation’s internal comments', () => {
  it('are not shown to the secretariat, on any page size, while its other entries are', async () => {
    for (const limit of [1, 3, 100, 500]) {
      const entries = await everything(f.secretariat, limit)
      expect(entries.filter(aboutInternal), `limit ${limit}`).toEqual([])
      expect(entries.map((e) => `${e.action} ${e.target}`)).toContain(`comment.create ${sharedId}`)
    }
  })

  it('are not shown to another delegation, and the observer reads no audit at all', async () => {
    const france = await everything(f.fra, 100)
    expect(france.filter(aboutInternal)).toEqual([])
    expect(france.map((e) => e.target)).not.toContain(sharedId)
    const observer = await rawRequest(f, f.observer, 'GET', auditPath())
    expect(observer.status).toBe(403)
    expect(observer.message).toMatch(/^only the operator and the secretariat read the audit log/)
    expect(JSON.stringify(observer.body)).not.toContain(internalId)
  })

  it('are shown to the owning delegation: every one, and nothing else', async () => {
    for (const person of [f.jpn, colleague]) {
      const entries = await everything(person, 2)
      const actions = entries.filter((e) => e.target === internalId).map((e) => e.action)
      expect(actions).toEqual(
        expect.arrayContaining([
          'comment.create',
          'comment.edit',
          'comment.resolve',
          'comment.reopen',
        ]),
      )
      expect(entries.some((e) => e.action === 'comment.edit' && e.outcome === 'denied')).toBe(true)
      // Only internal material: not the shared comment, not the conference's management.
      expect(entries.every((e) => e.detail.internalTo === f.delegations.JPN.id)).toBe(true)
    }
  })

  it('are shown to the operator, with everything else', async () => {
    const entries = await everything(f.operator, 100)
    expect(entries.filter((e) => e.target === internalId).length).toBeGreaterThanOrEqual(4)
    expect(entries.map((e) => e.target)).toContain(sharedId)
  })

  it('stay hidden for entries written before they said whose they are', async () => {
    // An entry as the server wrote it before issue #11: the comment id, no `internalTo`.
    await f.server.services.audit.record({
      actorUserId: f.jpn.id,
      action: 'comment.edit',
      outcome: 'ok',
      conferenceId: f.conferenceId,
      target: internalId,
      detail: { declarationId: f.declarationId },
    })
    expect((await everything(f.secretariat, 100)).filter(aboutInternal)).toEqual([])
    const japan = await everything(f.jpn, 100)
    expect(japan.filter((e) => e.target === internalId && !e.detail.internalTo).length).toBe(1)
  })
})
