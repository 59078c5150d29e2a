import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paragraphElement, writeDraft } from './draftDocs.js'
import { type ConferenceFixture, type Person, setUpConference } from './fixtures.js'
import { declarationPath, rawRequest } from './rawHttp.js'

// Issue #11: a refusal says who may do it, or when, per action and reason; never a bare "you may
// not do this". A representative set over raw HTTP (the policy test covers every action, role
// and stage as a table), each sent twice, as a resend would be.

let f: ConferenceFixture
let b20: Person

beforeAll(async () => {
  f = await setUpConference()
  b20 = await f.invite('delegate', 'B20', 'Bo Business')
  const chair = await writeDraft(f, [paragraphElement('op1', 'OP1', 'We agree.')])
  chair.destroy()
})

afterAll(async () => {
  await f?.close()
})

describe('every refusal names who may, or when', () => {
  const d = () => declarationPath(f)
  const cases: {
    name: string
    who: () => Person
    method: string
    path: () => string
    body?: () => unknown
    message: string | RegExp
  }[] = [
    {
      name: 'a delegate sets a paragraph’s status',
      who: () => f.jpn,
      method: 'PUT',
      path: () => `${d()}/statuses`,
      body: () => ({ paragraphId: 'op1', status: 'agreed' }),
      message: "only the secretariat sets a paragraph's status",
    },
    {
      name: 'a delegate decides a proposal',
      who: () => f.fra,
      method: 'POST',
      path: () => `${d()}/proposal-decisions`,
      body: () => ({ paragraphId: 'op1', proposalId: 'p-1', decision: 'accepted' }),
      message: 'only the secretariat accepts or rejects a proposal',
    },
    {
      name: 'a delegate moves the stage',
      who: () => f.jpn,
      method: 'PUT',
      path: () => `${d()}/stage`,
      body: () => ({ stage: 'silence' }),
      message: /^only the secretariat moves a declaration through its stages/,
    },
    {
      name: 'a delegate issues a revision',
      who: () => f.jpn,
      method: 'POST',
      path: () => `${d()}/revisions`,
      body: () => ({}),
      message: /^only the secretariat moves a declaration through its stages/,
    },
    {
      name: 'a delegate adds a delegation',
      who: () => f.fra,
      method: 'POST',
      path: () => `/conferences/${f.conferenceId}/delegations`,
      body: () => ({ code: 'USA', name: 'United States', kind: 'member' }),
      message: 'only the secretariat manages the conference',
    },
    {
      name: 'France states Japan’s position',
      who: () => f.fra,
      method: 'PUT',
      path: () => `${d()}/positions`,
      body: () => ({ paragraphId: 'op1', delegationId: f.delegations.JPN.id, value: 'objection' }),
      message: "a delegate states only their own delegation's position",
    },
    {
      name: 'the observer comments',
      who: () => f.observer,
      method: 'POST',
      path: () => `${d()}/comments`,
      body: () => ({ paragraphId: 'op1', visibility: 'all', body: 'the press asks' }),
      message: 'only delegates and the secretariat comment',
    },
    {
      name: 'an advisory delegation breaks silence before it runs',
      who: () => b20,
      method: 'POST',
      path: () => `${d()}/silence/break`,
      body: () => ({ reason: 'we object' }),
      message: 'only a deciding delegation breaks silence; yours is advisory',
    },
    {
      name: 'a deciding delegation breaks silence before it runs',
      who: () => f.jpn,
      method: 'POST',
      path: () => `${d()}/silence/break`,
      body: () => ({ reason: 'we object' }),
      message: 'silence is broken only while it runs; this declaration is in negotiating',
    },
    {
      name: 'a delegate reads the members',
      who: () => f.jpn,
      method: 'GET',
      path: () => `/conferences/${f.conferenceId}/members`,
      message: 'only the secretariat manages the conference',
    },
  ]

  for (const c of cases) {
    it(`${c.name}: 403, saying who may`, async () => {
      for (const round of [1, 2]) {
        const answer = await rawRequest(f, c.who(), c.method, c.path(), c.body?.())
        expect(answer.status, `${c.name} (${round}): ${answer.message}`).toBe(403)
        expect(answer.code).toBe('forbidden')
        if (typeof c.message === 'string') expect(answer.message).toBe(c.message)
        else expect(answer.message).toMatch(c.message)
      }
    })
  }

  it('no refusal in this set is the generic message', async () => {
    for (const c of cases) {
      const answer = await rawRequest(f, c.who(), c.method, c.path(), c.body?.())
      if (answer.status !== 403) continue
      expect(answer.message, c.name).not.toMatch(/^you may not do this$/)
      expect(answer.message.length, c.name).toBeGreaterThan(20)
    }
  })
})
