import { verifyBundle } from '@accord/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConferenceFixture, expectStatus, setUpConference } from './fixtures.js'
import { agreedDeclaration } from './outcomeSteps.js'

// A published text's signed bundle and the server's public key may be read by a script of any
// origin: the desktop app (accord://app) verifies the text it shows, and so may any verifier
// page. Both are public already (the portal serves them to anyone); no credentials are involved
// (`*` forbids them), and nothing else of the portal or the API is opened this way.

let f: ConferenceFixture
let publicationId: string

const ORIGINS = ['accord://app', 'https://verifier.example']

async function fetchFrom(path: string, origin: string) {
  return fetch(`${f.server.url}${path}`, { headers: { origin } })
}

beforeAll(async () => {
  f = await setUpConference()
  const declarationId = await f.createDeclaration('Hiroshima Declaration', 'negotiating')
  await agreedDeclaration(f, declarationId, [['pcop1', 'OP1', 'We commit to act.']])
  const stage = f.secretariat.api.conferences[':conferenceId'].declarations[':declarationId'].stage
  for (const s of ['silence', 'adopted'] as const) {
    await expectStatus(
      await stage.$put({
        param: { conferenceId: f.conferenceId, declarationId },
        json: { stage: s },
      }),
      200,
      s,
    )
  }
  const [published] = await f.server.services.outcomes.publications.list()
  publicationId = published!.id
})

afterAll(() => f.close())

describe('the portal’s verification files across origins', () => {
  it('lets any origin read a bundle and the signing key, without credentials', async () => {
    for (const origin of ORIGINS) {
      const bundle = await fetchFrom(`/texts/${publicationId}/bundle.json`, origin)
      expect(bundle.status).toBe(200)
      expect(bundle.headers.get('access-control-allow-origin')).toBe('*')
      expect(bundle.headers.get('access-control-allow-credentials')).toBeNull()
      const key = await fetchFrom('/.well-known/accord-signing-key', origin)
      expect(key.status).toBe(200)
      expect(key.headers.get('access-control-allow-origin')).toBe('*')
      const { fingerprint } = (await key.json()) as { fingerprint: string }
      expect(await verifyBundle(await bundle.text(), { trustedKey: fingerprint })).toMatchObject({
        ok: true,
      })
    }
  })

  it('opens nothing else: the portal’s pages, its other files and the API stay same-origin', async () => {
    for (const origin of ORIGINS) {
      for (const path of [
        '/',
        '/verify',
        `/texts/${publicationId}`,
        `/texts/${publicationId}/text.html`,
        `/texts/nosuchtext/bundle.json`,
        `/conferences/${f.conferenceId}`,
      ]) {
        const response = await fetchFrom(path, origin)
        expect(response.headers.get('access-control-allow-origin'), `${path} from ${origin}`).toBe(
          null,
        )
      }
      const api = await fetch(`${f.server.url}/api/conferences/${f.conferenceId}/publications`, {
        headers: { origin: 'https://verifier.example', authorization: `Bearer ${f.jpn.token}` },
      })
      expect(api.headers.get('access-control-allow-origin')).toBeNull()
    }
  })
})
