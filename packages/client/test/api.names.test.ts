import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError } from '../src/index.js'
import { type ConferenceFixture, expectStatus, setUpConference } from './fixtures.js'

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(async () => {
  await f?.close()
})

async function invitation(): Promise<string> {
  const invited = await f.secretariat.api.conferences[':conferenceId'].invitations.$post({
    param: { conferenceId: f.conferenceId },
    json: { role: 'delegate', delegationId: f.delegations.FRA.id },
  })
  await expectStatus(invited, 201, 'invitation')
  return (await invited.json()).token
}

const accept = (token: string, name: string) =>
  f.anonymous.invitations.accept.$post({
    json: {
      token,
      name,
      email: `names-${Math.random().toString(36).slice(2)}@example.org`,
      password: 'a long enough password',
      mode: 'bearer',
    },
  })

/** The name of the account an accepted invitation created. */
async function acceptedName(response: Response): Promise<string> {
  const body = (await response.json()) as { user?: { name: string } }
  if (!body.user) throw new Error(`no account in ${JSON.stringify(body)}`)
  return body.user.name
}

describe('names people read cannot hide or reorder characters', () => {
  const hidden: Array<[string, string]> = [
    ['a right-to-left override and a zero-width space', 'Chair’s Secretariat\u202e\u200b'],
    ['a left-to-right isolate', '\u2066Secretariat\u2069'],
    ['a right-to-left mark', 'Secretariat\u200f'],
    ['a NUL', 'Secre\u0000tariat'],
    ['a bell', 'Secretariat\u0007'],
    ['a zero-width no-break space', 'Secre\ufefftariat'],
    ['a line break inside', 'Chair\nSecretariat'],
  ]
  for (const [what, name] of hidden) {
    it(`refuses a name with ${what}, naming the field`, async () => {
      const response = await accept(await invitation(), name)
      expect(response.status).toBe(400)
      expect(await apiError(response)).toEqual({
        code: 'invalid_request',
        // The one check of readable text (issue #11) names the character and its place.
        message: expect.stringMatching(
          /^name: U\+[0-9A-F]{4} \(.+\) at character \d+ is not allowed: remove control, invisible and direction-changing characters/,
        ),
      })
    })
  }

  it('stores names in NFC, so two spellings of one name are one name', async () => {
    const response = await accept(await invitation(), 'Jose\u0301 Martí')
    await expectStatus(response, 201, 'accept')
    expect(await acceptedName(response)).toBe('Jos\u00e9 Martí')
  })

  it('accepts names in any script, with ordinary spaces and punctuation', async () => {
    for (const name of ['山田 花子', 'Ngozi Okonjo-Iweala', "Chair's Secretariat (DEMM)"]) {
      const response = await accept(await invitation(), name)
      await expectStatus(response, 201, `accept ${name}`)
      expect(await acceptedName(response)).toBe(name)
    }
  })

  it('refuses a delegation named with a direction override', async () => {
    const response = await f.secretariat.api.conferences[':conferenceId'].delegations.$post({
      param: { conferenceId: f.conferenceId },
      json: { code: 'XYZ', name: 'Japan\u202e', kind: 'member' },
    })
    expect(response.status).toBe(400)
  })
})
