import type { TestClient } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { draftFragment, eventually, paragraphElement, textOf, writeDraft } from './draftDocs.js'
import {
  type ConferenceFixture,
  expectStatus,
  negotiationApi,
  setUpConference,
} from './fixtures.js'
import { propose, setStatus } from './outcomeSteps.js'

// Revisions against a running server: the zero draft and Rev.1 are immutable snapshots citing the
// history head; their comparison matches paragraphs by id with word-level changes, as JSON and as
// a printable page; only the secretariat issues them; observers never read them.

let f: ConferenceFixture
let chair: TestClient
const param = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })
const revisions = () => negotiationApi(f.secretariat).revisions

async function issue(name?: string) {
  const response = await revisions().$post({ param: param(), json: name ? { name } : {} })
  await expectStatus(response, 201, 'revision')
  return response.json()
}

beforeAll(async () => {
  f = await setUpConference()
  chair = await writeDraft(f, [
    paragraphElement('rop1', 'OP1', 'We will act on climate.'),
    paragraphElement('rop2', 'OP2', 'We note the report.'),
    paragraphElement('rop3', 'OP3', 'We welcome the initiative.'),
  ])
})

afterAll(() => f.close())

describe('revisions', () => {
  let zero: Awaited<ReturnType<typeof issue>>
  let rev1: Awaited<ReturnType<typeof issue>>

  it('issues the zero draft and Rev.1 as immutable snapshots that cite the history head', async () => {
    zero = await issue()
    expect(zero).toMatchObject({
      number: 0,
      name: 'Zero draft',
      historyHead: null,
      historyLength: 0,
    })
    expect(zero.paragraphs.map((p) => [p.label, p.status])).toEqual([
      ['OP1', 'open'],
      ['OP2', 'open'],
      ['OP3', 'open'],
    ])
    await propose(f, f.jpn, f.declarationId, 'rop1', 11, ' swiftly', {
      id: 'jpn-r1',
      delegation: 'JPN',
      action: 'insert',
      alternative: null,
    })
    await setStatus(f, f.declarationId, 'rop2', 'agreed')
    // The chair deletes OP3 and inserts OP2bis.
    draftFragment(chair.doc).delete(2, 1)
    draftFragment(chair.doc).insert(2, [paragraphElement('rop2b', 'OP2bis', 'We act together.')])
    await eventually(async () => {
      const response = await negotiationApi(f.secretariat).paragraphs.$get({ param: param() })
      const ids = (await response.json()).map((p) => p.id)
      return ids.includes('rop2b') && !ids.includes('rop3')
    }, 'the chair’s edits reached the server')
    rev1 = await issue()
    expect(rev1).toMatchObject({ number: 1, name: 'Rev.1', historyLength: 1 })
    const history = await (
      await negotiationApi(f.secretariat).history.$get({ param: param() })
    ).json()
    expect(rev1.historyHead).toBe(history.head)
    expect(rev1.paragraphs.find((p) => p.id === 'rop1')!.bracketed).toBe(
      'We will act[JPN:  swiftly] on climate.',
    )
    // Later edits do not touch what was issued.
    textOf(chair.doc, 'rop2b').insert(0, 'Today ')
    await eventually(async () => {
      const response = await negotiationApi(f.secretariat).paragraphs.$get({ param: param() })
      return (await response.json()).some((p) => p.text.startsWith('Today'))
    }, 'the edit reached the server')
    const again = await revisions()[':revisionId'].$get({
      param: { ...param(), revisionId: rev1.id },
    })
    expect((await again.json()).paragraphs).toEqual(rev1.paragraphs)
  })

  it('compares Rev.1 with the zero draft by paragraph id, with word changes, and the current text with Rev.1', async () => {
    const response = await revisions().compare.$get({
      param: param(),
      query: { from: zero.id, to: rev1.id },
    })
    await expectStatus(response, 200, 'compare')
    const comparison = await response.json()
    expect(comparison.from.name).toBe('Zero draft')
    expect(comparison.to.name).toBe('Rev.1')
    expect(comparison.paragraphs.map((p) => [p.id, p.change])).toEqual([
      ['rop1', 'changed'],
      ['rop2', 'changed'],
      // A deleted paragraph stays where it was: after the one that preceded it.
      ['rop3', 'deleted'],
      ['rop2b', 'added'],
    ])
    const op1 = comparison.paragraphs[0]!
    expect(
      op1.words
        .filter((w) => w.added)
        .map((w) => w.value)
        .join(''),
    ).toContain('swiftly')
    expect(comparison.paragraphs[1]).toMatchObject({ fromStatus: 'open', toStatus: 'agreed' })
    const current = await (
      await revisions().compare.$get({ param: param(), query: { from: rev1.id, to: 'current' } })
    ).json()
    expect(current.paragraphs.find((p) => p.id === 'rop2b')).toMatchObject({ change: 'changed' })
  })

  it('renders the comparison as a printable page, escaping the text', async () => {
    const response = await fetch(
      `${f.apiBase}/conferences/${f.conferenceId}/declarations/${f.declarationId}/revisions/compare.html?from=${zero.id}&to=${rev1.id}`,
      { headers: { authorization: `Bearer ${f.secretariat.token}` } },
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/html/)
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
    expect(response.headers.get('cache-control')).toBe('no-store')
    const html = await response.text()
    expect(html).toMatch(/^<!doctype html><html lang="en">/)
    expect(html).toContain('Rev.1 compared with Zero draft')
    expect(html).toContain('<del>We welcome the initiative.</del>')
    expect(html).toMatch(/<ins>[^<]*swiftly/)
  })

  it('numbers concurrent revisions consecutively; only the secretariat issues; observers read nothing', async () => {
    await Promise.all([issue(), issue(), issue()])
    const list = await (await revisions().$get({ param: param() })).json()
    expect(list.map((r) => r.name)).toEqual(['Zero draft', 'Rev.1', 'Rev.2', 'Rev.3', 'Rev.4'])
    const byDelegate = await negotiationApi(f.jpn).revisions.$post({ param: param(), json: {} })
    expect(byDelegate.status).toBe(403)
    expect((await negotiationApi(f.jpn).revisions.$get({ param: param() })).status).toBe(200)
    for (const response of [
      await negotiationApi(f.observer).revisions.$get({ param: param() }),
      await negotiationApi(f.observer).revisions[':revisionId'].$get({
        param: { ...param(), revisionId: zero.id },
      }),
      await negotiationApi(f.observer).revisions.compare.$get({
        param: param(),
        query: { from: zero.id, to: 'current' },
      }),
    ]) {
      expect(response.status).toBe(403)
    }
    expect(
      (
        await f.anonymous.conferences[':conferenceId'].declarations[
          ':declarationId'
        ].revisions.$get({ param: param() })
      ).status,
    ).toBe(401)
  })
})
