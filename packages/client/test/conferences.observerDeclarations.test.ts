import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paragraphElement, writeDraft } from './draftDocs.js'
import { type ConferenceFixture, type Person, setUpConference } from './fixtures.js'
import { declarationPath, raw } from './rawHttp.js'

// An observer lists the declarations of its own conference, with their titles and stages and
// nothing else; not another conference's; and reads no text of any of them before publication
// (published texts are on the portal).

let f: ConferenceFixture
let other: { conferenceId: string; declarationId: string }
let drafting: string

/** Makes conference B on the same server, with its own secretariat and a declaration. */
async function otherConference(operator: Person) {
  const created = await raw(f, operator, 'POST', '/conferences', {
    name: 'Another Ministerial',
    venue: 'Rio',
    startsOn: '2026-09-01',
    endsOn: '2026-09-02',
  })
  expect(created.status).toBe(201)
  const conferenceId = created.body.id as string
  const invitation = await raw(f, operator, 'POST', `/conferences/${conferenceId}/invitations`, {
    role: 'secretariat',
  })
  expect(invitation.status).toBe(201)
  const password = `another chair password ${process.pid}`
  f.remember(password)
  const accepted = await raw(f, null, 'POST', '/invitations/accept', {
    token: invitation.body.token,
    name: 'Bruna Chair',
    email: `chair-b-${process.pid}@example.org`,
    password,
    mode: 'bearer',
  })
  expect(accepted.status).toBe(201)
  f.remember(accepted.body.token)
  const chair = { token: accepted.body.token } as Person
  const declaration = await raw(f, chair, 'POST', `/conferences/${conferenceId}/declarations`, {
    title: 'Rio Declaration',
  })
  expect(declaration.status).toBe(201)
  return { conferenceId, declarationId: declaration.body.id as string }
}

beforeAll(async () => {
  f = await setUpConference()
  await writeDraft(f, [paragraphElement('op1', 'OP1', 'We will promote data free flow.')])
  drafting = await f.createDeclaration('Zero draft on AI', 'drafting')
  other = await otherConference(f.operator)
})

afterAll(async () => {
  await f?.close()
})

describe('an observer of conference A', () => {
  it("lists A's declarations: id, title and stage only", async () => {
    const answer = await raw(f, f.observer, 'GET', `/conferences/${f.conferenceId}/declarations`)
    expect(answer.status).toBe(200)
    const byTitle = new Map((answer.body as { title: string }[]).map((d) => [d.title, d] as const))
    expect(byTitle.get('Osaka Declaration')).toEqual({
      id: f.declarationId,
      conferenceId: f.conferenceId,
      title: 'Osaka Declaration',
      stage: 'negotiating',
    })
    expect(byTitle.get('Zero draft on AI')).toEqual({
      id: drafting,
      conferenceId: f.conferenceId,
      title: 'Zero draft on AI',
      stage: 'drafting',
    })
    for (const declaration of answer.body as Record<string, unknown>[]) {
      expect(Object.keys(declaration).sort()).toEqual(['conferenceId', 'id', 'stage', 'title'])
    }
    expect(JSON.stringify(answer.body)).not.toContain('data free flow')
  })

  it("does not list B's", async () => {
    const answer = await raw(
      f,
      f.observer,
      'GET',
      `/conferences/${other.conferenceId}/declarations`,
    )
    expect(answer).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } })
    expect(JSON.stringify(answer.body)).not.toContain('Rio Declaration')
  })

  it('reads no text of A’s declarations before publication', async () => {
    for (const read of ['paragraphs', 'state', 'positions', 'comments', 'revisions', 'history']) {
      const answer = await raw(f, f.observer, 'GET', `${declarationPath(f)}/${read}`)
      expect({ read, status: answer.status }).toEqual({ read, status: 403 })
      expect(JSON.stringify(answer.body)).not.toContain('data free flow')
    }
  })

  it('is like any member of A in this: delegates list the same declarations', async () => {
    const observer = await raw(f, f.observer, 'GET', `/conferences/${f.conferenceId}/declarations`)
    const delegate = await raw(f, f.jpn, 'GET', `/conferences/${f.conferenceId}/declarations`)
    expect(observer.body).toEqual(delegate.body)
  })
})
