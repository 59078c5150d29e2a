import { verifyBundle } from '@accord/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  type ConferenceFixture,
  expectStatus,
  negotiationApi,
  setUpConference,
} from './fixtures.js'
import { agreedDeclaration, propose } from './outcomeSteps.js'

// The public portal at `/`, against a running server: it lists conferences and their published
// texts, serves each text with its adoption record, downloads and key fingerprint, without any
// script; and nothing unpublished (drafts, positions, comments, revisions, Yjs state) is
// reachable from it or from any URL an anonymous visitor or an observer tries.

const SECRETS = [
  'SECRETDRAFTWORDING',
  'SECRETBRACKET',
  'SECRETINTERNALCOMMENT',
  'SECRETSHAREDCOMMENT',
  'SECRETPOSITIONNOTE',
]

let f: ConferenceFixture
let adopted: string
let draft: string
let publicationId: string
let emptyConference: string

const origin = () => f.server.url

async function get(path: string, token?: string) {
  const response = await fetch(`${origin()}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
    redirect: 'manual',
  })
  return { response, body: await response.text() }
}

beforeAll(async () => {
  f = await setUpConference()
  adopted = await f.createDeclaration('Kyoto Ministerial Declaration', 'negotiating')
  await agreedDeclaration(f, adopted, [
    ['ptpp1', 'PP1', 'Recalling our earlier commitments,'],
    ['ptop1', 'OP1', 'We commit to <script>alert(1)</script> plain text.'],
  ])
  const stage = f.secretariat.api.conferences[':conferenceId'].declarations[':declarationId'].stage
  for (const s of ['silence', 'adopted'] as const) {
    await expectStatus(
      await stage.$put({
        param: { conferenceId: f.conferenceId, declarationId: adopted },
        json: { stage: s },
      }),
      200,
      s,
    )
  }
  // A declaration still under negotiation, with everything that must stay private.
  draft = await f.createDeclaration('Unpublished Nara Declaration', 'negotiating')
  await agreedDeclaration(f, draft, [['ptsec1', 'OP1', 'We SECRETDRAFTWORDING today.']])
  await negotiationApi(f.secretariat).statuses.$put({
    param: { conferenceId: f.conferenceId, declarationId: draft },
    json: { paragraphId: 'ptsec1', status: 'open', pendingDelegationId: null },
  })
  await propose(f, f.jpn, draft, 'ptsec1', 3, 'SECRETBRACKET ', {
    id: 'jpn-sec',
    delegation: 'JPN',
    action: 'insert',
    alternative: null,
  })
  const api = f.jpn.api.conferences[':conferenceId'].declarations[':declarationId']
  const param = { conferenceId: f.conferenceId, declarationId: draft }
  for (const [visibility, body] of [
    ['delegation', 'SECRETINTERNALCOMMENT'],
    ['all', 'SECRETSHAREDCOMMENT'],
  ] as const) {
    await expectStatus(
      await api.comments.$post({
        param,
        json: { paragraphId: 'ptsec1', parentId: null, visibility, body },
      }),
      201,
      'comment',
    )
  }
  await expectStatus(
    await api.positions.$put({
      param,
      json: { paragraphId: 'ptsec1', value: 'reservation', note: 'SECRETPOSITIONNOTE' },
    }),
    200,
    'position',
  )
  await expectStatus(
    await negotiationApi(f.secretariat).revisions.$post({ param, json: {} }),
    201,
    'revision',
  )
  const [published] = await f.server.services.outcomes.publications.list()
  publicationId = published!.id
  const created = await f.operator.api.conferences.$post({
    json: { name: 'Empty Summit', venue: 'Sapporo', startsOn: '2026-09-01', endsOn: '2026-09-02' },
  })
  emptyConference = (await created.json()).id
})

afterAll(() => f.close())

describe('the public portal', () => {
  it('serves, without any script, every page reachable from / , and no page mentions anything unpublished', async () => {
    const seen = new Map<string, string>()
    const queue = ['/']
    while (queue.length > 0) {
      const path = queue.shift()!
      if (seen.has(path)) continue
      const { response, body } = await get(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-security-policy'), path).toContain("default-src 'none'")
      seen.set(path, body)
      for (const match of body.matchAll(/href="(\/[^"]*)"/g)) {
        const link = match[1]!.replaceAll('&amp;', '&')
        if (!seen.has(link)) queue.push(link)
      }
    }
    const paths = [...seen.keys()]
    expect(paths).toEqual(
      expect.arrayContaining([
        '/',
        '/verify',
        '/portal.css',
        `/conferences/${f.conferenceId}`,
        `/texts/${publicationId}`,
        `/texts/${publicationId}/text.html`,
        `/texts/${publicationId}/text.txt`,
        `/texts/${publicationId}/text.json`,
        `/texts/${publicationId}/bundle.json`,
        '/.well-known/accord-signing-key',
      ]),
    )
    for (const [path, body] of seen) {
      for (const secret of [...SECRETS, 'Unpublished Nara Declaration', draft, emptyConference]) {
        expect(body, `${path} mentions ${secret}`).not.toContain(secret)
      }
      // The adopted text's own "<script>" is text, escaped, in every rendering but JSON and plain text.
      if (!path.endsWith('.json') && !path.endsWith('.txt'))
        expect(body, path).not.toContain('<script')
    }
    const page = seen.get(`/texts/${publicationId}`)!
    expect(page).toMatch(/^<!doctype html><html lang="en">/)
    expect(page).toContain('name="viewport"')
    expect(page).toContain('<span class="num">1.</span>Recalling our earlier commitments,')
    expect(page).toContain('<span class="num">2.</span>We commit to &lt;script&gt;')
    expect(page).toContain('(OP1)')
    expect(page).toMatch(/Adopted by consensus on \d+ \w+ \d{4}/)
    expect(page).toContain(f.server.services.outcomes.key.fingerprint)
    expect(seen.get('/portal.css')).toContain('@media print')
    expect(seen.get('/')).toContain('G20 Ministerial')
  })

  it('serves a bundle that verifies offline under the well-known key', async () => {
    const { body: key } = await get('/.well-known/accord-signing-key')
    const { fingerprint } = JSON.parse(key) as { fingerprint: string }
    const { response, body } = await get(`/texts/${publicationId}/bundle.json`)
    expect(response.headers.get('content-disposition')).toContain('attachment')
    expect(await verifyBundle(body, { trustedKey: fingerprint })).toMatchObject({ ok: true })
  })

  it('answers 404 for anything unpublished, by any URL, to anonymous visitors', async () => {
    const c = f.conferenceId
    const probes = [
      `/texts/${draft}`,
      `/texts/${adopted}`,
      `/texts/${draft}/text.html`,
      `/texts/${draft}/bundle.json`,
      `/texts/${publicationId}/draft`,
      `/texts/${publicationId}/shared`,
      `/texts/${publicationId}/..%2F..%2Fapi`,
      `/texts/${publicationId.toUpperCase()}`,
      `/conferences/${emptyConference}`,
      `/conferences/${c}/declarations/${draft}`,
      `/declarations/${draft}`,
      `/drafts/${draft}`,
      '/data/accord.db',
      '/accord.db',
      '/signing-key.pem',
      '/../signing-key.pem',
      `/sync/conference/${c}/declaration/${draft}/draft`,
    ]
    for (const path of probes) {
      const { response, body } = await get(path)
      expect(response.status, path).toBeGreaterThanOrEqual(400)
      for (const secret of SECRETS) expect(body, path).not.toContain(secret)
      expect(body, path).not.toContain('PRIVATE KEY')
    }
    for (const path of [
      `/api/conferences/${c}/declarations/${draft}/paragraphs`,
      `/api/conferences/${c}/declarations/${draft}/comments`,
      `/api/conferences/${c}/declarations/${draft}/revisions`,
      `/api/conferences/${c}/declarations/${draft}/history`,
      `/api/conferences/${c}/publications`,
    ]) {
      expect((await get(path)).response.status, path).toBe(401)
    }
  })

  it('lets an observer see titles and stages of the declarations, and read no text until it is published', async () => {
    const response = await f.observer.api.conferences[':conferenceId'].publications.$get({
      param: { conferenceId: f.conferenceId },
    })
    await expectStatus(response, 200, 'publications')
    const body = await response.json()
    expect(body.declarations).toEqual(
      expect.arrayContaining([
        { id: adopted, title: 'Kyoto Ministerial Declaration', stage: 'adopted' },
        { id: draft, title: 'Unpublished Nara Declaration', stage: 'negotiating' },
      ]),
    )
    expect(body.publications).toEqual([
      expect.objectContaining({
        id: publicationId,
        declarationId: adopted,
        url: `/texts/${publicationId}`,
      }),
    ])
    for (const secret of SECRETS) expect(JSON.stringify(body)).not.toContain(secret)
    const c = f.conferenceId
    for (const path of [
      'paragraphs',
      'comments',
      'revisions',
      'history',
      'silence',
      'proposal-decisions',
    ]) {
      for (const id of [draft, adopted]) {
        const { response: r, body: text } = await get(
          `/api/conferences/${c}/declarations/${id}/${path}`,
          f.observer.token,
        )
        expect(r.status, `${path} of ${id}`).toBe(403)
        for (const secret of SECRETS) expect(text).not.toContain(secret)
      }
    }
    // Not a member: not even the titles.
    const outsider = await f.observer.api.conferences[':conferenceId'].publications.$get({
      param: { conferenceId: emptyConference },
    })
    expect(outsider.status).toBe(403)
  })
})
