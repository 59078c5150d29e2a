import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paragraphElement, writeDraft } from './draftDocs.js'
import { type ConferenceFixture, setUpConference } from './fixtures.js'
import { declarationPath, rawRequest } from './rawHttp.js'

// Issue #11: a comment body is read by everyone it is shared with, so it must read as stored.
// NFC; no control character but line feed and tab; no bidirectional embedding, override or
// isolate. The 400 names the character and its place. Raw JSON, as any client could send it:
// literal characters, JSON escapes in either case, edits as well as new comments.

let f: ConferenceFixture

const comments = () => `${declarationPath(f)}/comments`

function post(body: unknown) {
  return rawRequest(f, f.jpn, 'POST', comments(), body)
}

async function stored(id: string): Promise<string> {
  const row = await f.server.services.db
    .selectFrom('comment')
    .select('body')
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
  return row.body
}

beforeAll(async () => {
  f = await setUpConference()
  const chair = await writeDraft(f, [paragraphElement('op1', 'OP1', 'We agree.')])
  chair.destroy()
})

afterAll(async () => {
  await f?.close()
})

describe('comment bodies cannot hide or reorder characters', () => {
  const refused: [string, string, string, number][] = [
    ['a NUL', 'abc\u0000def', 'U+0000 (a control character)', 4],
    ['a right-to-left override', 'Agreed\u202e.tpecca ton', 'U+202E (RIGHT-TO-LEFT OVERRIDE)', 7],
    ['a bell', '\u0007ding', 'U+0007 (a control character)', 1],
    ['a left-to-right isolate', 'x \u2066y\u2069', 'U+2066 (LEFT-TO-RIGHT ISOLATE)', 3],
    ['a pop directional formatting', 'x\u202c', 'U+202C (POP DIRECTIONAL FORMATTING)', 2],
    ['a C1 control (next line)', 'one\u0085two', 'U+0085 (a control character)', 4],
    ['an escape', 'red\u001b[31m', 'U+001B (a control character)', 4],
    ['a delete', 'del\u007f', 'U+007F (a control character)', 4],
    // Counted in characters, not UTF-16 units: the emoji before it is one character.
    ['an override after an emoji', '👍\u202dyes', 'U+202D (LEFT-TO-RIGHT OVERRIDE)', 2],
  ]
  for (const [what, body, named, position] of refused) {
    it(`refuses ${what}, naming it and its place, on creation and on edit`, async () => {
      const created = await post({ paragraphId: 'op1', visibility: 'all', body })
      expect(created.status, created.message).toBe(400)
      expect(created.code).toBe('invalid_request')
      expect(created.message).toBe(
        `body: ${named} at character ${position} is not allowed: remove control and direction-changing characters (line breaks and tabs are fine)`,
      )
      const ok = await post({ paragraphId: 'op1', visibility: 'all', body: 'plain' })
      expect(ok.status).toBe(201)
      const id = (ok.body as { id: string }).id
      const edited = await rawRequest(f, f.jpn, 'PATCH', `${comments()}/${id}`, { body })
      expect(edited.status).toBe(400)
      expect(edited.message).toContain(named)
      expect(await stored(id)).toBe('plain')
    })
  }

  it('refuses the same characters sent as JSON escapes, in either case', async () => {
    for (const raw of [
      '{"paragraphId":"op1","visibility":"all","body":"ok\\u202Eko"}',
      '{"paragraphId":"op1","visibility":"all","body":"ok\\u202eko"}',
      '{"paragraphId":"op1","visibility":"all","body":"ok\\u0000"}',
      '{"paragraphId":"op1","visibility":"delegation","body":"\\u2067internal"}',
    ]) {
      const answer = await post(raw)
      expect(answer.status, raw).toBe(400)
      expect(answer.message, raw).toMatch(/^body: U\+(202E|0000|2067) /)
    }
  })

  it('keeps line breaks and tabs, turns CR LF into a line feed, and stores NFC', async () => {
    const answer = await post({
      paragraphId: 'op1',
      visibility: 'all',
      body: 'Line one\r\n\tindented Jose\u0301\rlast',
    })
    expect(answer.status, answer.message).toBe(201)
    const id = (answer.body as { id: string }).id
    expect(await stored(id)).toBe('Line one\n\tindented Jos\u00e9\nlast')
  })

  it('keeps the marks and joiners that scripts and emoji need', async () => {
    // A right-to-left mark in mixed Hebrew, a zero-width non-joiner in Persian, a joiner in an
    // emoji sequence: none of them reorders what follows.
    const body = 'שלום\u200f (OP1) می\u200cخواهم 👩\u200d💻'
    const answer = await post({ paragraphId: 'op1', visibility: 'all', body })
    expect(answer.status, answer.message).toBe(201)
    expect(await stored((answer.body as { id: string }).id)).toBe(body)
  })

  it('shares the check with names: a name with a NUL is refused with its place', async () => {
    const invited = await rawRequest(
      f,
      f.secretariat,
      'POST',
      `/conferences/${f.conferenceId}/invitations`,
      { role: 'delegate', delegationId: f.delegations.FRA.id },
    )
    expect(invited.status).toBe(201)
    const answer = await rawRequest(f, null, 'POST', '/invitations/accept', {
      token: (invited.body as { token: string }).token,
      name: 'Secre\u0000tariat',
      email: 'hidden-name@example.org',
      password: 'a long enough password',
      mode: 'bearer',
    })
    expect(answer.status).toBe(400)
    expect(answer.message).toBe(
      'name: U+0000 (a control character) at character 6 is not allowed: remove control, invisible and direction-changing characters',
    )
  })
})
