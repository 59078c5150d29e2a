import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiError } from '../src/index.js'
import { eventually } from './draftDocs.js'
import {
  type ConferenceFixture,
  conferenceAudit,
  expectStatus,
  negotiationApi,
  type Person,
  setUpConference,
} from './fixtures.js'
import { DELIVERY_BOUND_MS, watchMirror } from './mirrorDelivery.js'
import { agreedDeclaration, propose, stageOf, startSilence } from './outcomeSteps.js'

// The silence procedure against a running server: started by the secretariat with a deadline,
// it freezes the text; a deciding delegation breaks it with a reason and the declaration returns
// to negotiating; advisory delegations, observers and the secretariat cannot break it; everyone
// connected sees the deadline and the break through the shared mirror within 1 s; and with no
// break by the deadline, the declaration is adopted.

let f: ConferenceFixture
let b20: Person
let declarationId: string
let japanShared: TestClient
const param = () => ({ conferenceId: f.conferenceId, declarationId })

function breakAs(person: Person, reason = 'Our capital cannot accept OP2.') {
  return negotiationApi(person).silence.break.$post({ param: param(), json: { reason } })
}

beforeAll(async () => {
  f = await setUpConference()
  b20 = await f.invite('delegate', 'B20', 'Bea Business')
  declarationId = await f.createDeclaration('Silence Declaration', 'negotiating')
  await agreedDeclaration(f, declarationId, [
    ['sop1', 'OP1', 'We commit to act.'],
    ['sop2', 'OP2', 'We will report in 2027.'],
  ])
  japanShared = f.connect(f.shared(declarationId), f.jpn.token)
  await synced(japanShared)
})

afterAll(() => f.close())

describe('the silence procedure', () => {
  it('starts with a deadline and a message that every connected member sees within 1 s; the text is frozen', async () => {
    const silence = watchMirror(japanShared, 'silence')
    const deadline = Date.now() + 120_000
    const started = await silence.after(
      () => startSilence(f, declarationId, deadline, 'Silence until noon.'),
      (map) => [...map.values()].some((v) => (v as { state: string }).state === 'running'),
      'Japan sees silence start',
    )
    expect(started).toMatchObject({ state: 'running', deadline, message: 'Silence until noon.' })
    expect(silence.map.get(started.id)).toMatchObject({ deadline, message: 'Silence until noon.' })
    expect(await stageOf(f, declarationId)).toBe('silence')
    // Frozen: statuses cannot change, and a second procedure cannot start.
    const status = await negotiationApi(f.secretariat).statuses.$put({
      param: param(),
      json: { paragraphId: 'sop1', status: 'open', pendingDelegationId: null },
    })
    expect(status.status).toBe(403)
    const again = await negotiationApi(f.secretariat).silence.$post({
      param: param(),
      json: { deadline: deadline + 1000 },
    })
    expect(again.status).toBe(409)
  })

  it('cannot be broken by an advisory delegation, an observer, the secretariat or a stranger', async () => {
    expect((await breakAs(b20)).status).toBe(403)
    expect((await breakAs(f.secretariat)).status).toBe(403)
    expect((await breakAs(f.observer)).status).toBe(403)
    expect(
      (
        await f.anonymous.conferences[':conferenceId'].declarations[
          ':declarationId'
        ].silence.break.$post({ param: param(), json: { reason: 'x' } })
      ).status,
    ).toBe(401)
    // An empty or blank reason is no reason.
    expect((await breakAs(f.jpn, '   ')).status).toBe(400)
    expect(await stageOf(f, declarationId)).toBe('silence')
  })

  it('is broken by one deciding delegation, with its reason, announced within 1 s; a concurrent second break is refused', async () => {
    const silence = watchMirror(japanShared, 'silence')
    const [japan, france] = await silence.after(
      () =>
        Promise.all([breakAs(f.jpn, 'Japan needs more time.'), breakAs(f.fra, 'France objects.')]),
      (map) => [...map.values()].some((v) => (v as { state: string }).state === 'broken'),
      'Japan sees the break',
    )
    // Exactly one wins. The other is refused: 409 if it was queued behind the break, 403 if it
    // arrived once the declaration was back in negotiating (no silence to break).
    const statuses = [japan.status, france.status].sort()
    expect(statuses[0]).toBe(200)
    expect([403, 409]).toContain(statuses[1])
    const winner = japan.status === 200 ? japan : france
    const view = await winner.json()
    expect(view.state).toBe('broken')
    expect(silence.map.get(view.id)).toMatchObject({
      state: 'broken',
      brokenBy: view.brokenBy,
      reason: view.reason,
    })
    expect(['JPN', 'FRA']).toContain(view.brokenBy)
    const loser = winner === japan ? france : japan
    expect(['conflict', 'forbidden']).toContain((await apiError(loser))?.code)
    expect(await stageOf(f, declarationId)).toBe('negotiating')
    const audit = await conferenceAudit(f)
    const breaks = audit.filter((e) => e.action === 'silence.break' && e.outcome === 'ok')
    expect(breaks).toHaveLength(1)
    expect(breaks[0]).toMatchObject({ detail: { reason: view.reason } })
    // The refused attempts (B20, the secretariat, the observer) are audited as denied.
    expect(
      audit.filter((e) => e.action === 'silence.break' && e.outcome === 'denied').length,
    ).toBeGreaterThanOrEqual(3)
  })

  it('when started again and not broken by the deadline, adopts the declaration', async () => {
    const silence = watchMirror(japanShared, 'silence')
    const publications = watchMirror(japanShared, 'publications')
    const deadline = Date.now() + 1_500
    const started = await startSilence(f, declarationId, deadline)
    await waitFor(
      () => (silence.map.get(started.id) as { state?: string } | undefined)?.state === 'adopted',
      'silence ended in adoption',
      deadline - Date.now() + 10_000,
    )
    // Not before the deadline.
    const ended = silence.map.get(started.id) as { endedAt: number }
    expect(ended.endedAt).toBeGreaterThanOrEqual(deadline)
    expect(ended.endedAt - deadline).toBeLessThan(DELIVERY_BOUND_MS * 5)
    expect(await stageOf(f, declarationId)).toBe('adopted')
    await waitFor(() => publications.map.size === 1, 'members are told of the publication')
    const list = await negotiationApi(f.secretariat).silence.$get({ param: param() })
    expect((await list.json()).map((s) => s.state)).toEqual(['broken', 'adopted'])
  })

  it('refuses to start on a text with an open bracket or a paragraph not agreed, naming them', async () => {
    const other = await f.createDeclaration('Bracketed Declaration', 'negotiating')
    await agreedDeclaration(f, other, [
      ['bop1', 'OP1', 'We commit to act.'],
      ['bop2', 'OP2', 'We will report.'],
    ])
    await negotiationApi(f.secretariat).statuses.$put({
      param: { conferenceId: f.conferenceId, declarationId: other },
      json: { paragraphId: 'bop2', status: 'open', pendingDelegationId: null },
    })
    await propose(f, f.fra, other, 'bop2', 14, ' annually', {
      id: 'fra-b2',
      delegation: 'FRA',
      action: 'insert',
      alternative: null,
    })
    const response = await negotiationApi(f.secretariat).silence.$post({
      param: { conferenceId: f.conferenceId, declarationId: other },
      json: { deadline: Date.now() + 60_000 },
    })
    expect(response.status).toBe(409)
    const error = await apiError(response)
    expect(error?.message).toContain('open brackets in OP2 (FRA)')
    expect(error?.message).toContain('not agreed: OP2 (open)')
    expect(error?.message).not.toContain('OP1')
    await expectStatus(response, 409, 'refused')
  })

  it('withstands attempts around its rules: spoofed delegation, variant paths, bad deadlines, a break at the deadline', async () => {
    const id = await f.createDeclaration('Contested Declaration', 'negotiating')
    await agreedDeclaration(f, id, [['atop1', 'OP1', 'We commit to act.']])
    const p = { conferenceId: f.conferenceId, declarationId: id }
    const start = (json: Record<string, unknown>, person = f.secretariat) =>
      fetch(`${f.apiBase}/conferences/${f.conferenceId}/declarations/${id}/silence`, {
        method: 'POST',
        headers: { authorization: `Bearer ${person.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(json),
      })
    // Only the secretariat starts it, with a real deadline ahead and at most 90 days away.
    expect((await start({ deadline: Date.now() + 60_000 }, f.jpn)).status).toBe(403)
    expect((await start({ deadline: Date.now() - 1 })).status).toBe(400)
    expect((await start({ deadline: Date.now() + 91 * 86_400_000 })).status).toBe(400)
    expect((await start({ deadline: 'tomorrow' })).status).toBe(400)
    expect((await start({ deadline: '2030-01-01T00:00:00' })).status).toBe(400) // no offset: ambiguous
    expect(await stageOf(f, id)).toBe('negotiating')
    const deadline = Date.now() + 1_200
    const started = await start({ deadline: new Date(deadline).toISOString() })
    expect(started.status).toBe(201)
    // The B20 names Japan's delegation in the body: the break is always for the caller's own.
    const spoofed = await fetch(
      `${f.apiBase}/conferences/${f.conferenceId}/declarations/${id}/silence/break`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${b20.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'On behalf of Japan', delegationId: f.delegations.JPN.id }),
      },
    )
    expect(spoofed.status).toBe(403)
    for (const variant of [
      'silence/Break',
      'silence/break/',
      'silence/break%20',
      'Silence/break',
    ]) {
      const response = await fetch(
        `${f.apiBase}/conferences/${f.conferenceId}/declarations/${id}/${variant}`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${b20.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ reason: 'variant' }),
        },
      )
      expect(response.status, variant).toBeGreaterThanOrEqual(400)
    }
    // A delegate cannot end it by a plain stage change either.
    const plain = await f.jpn.api.conferences[':conferenceId'].declarations[
      ':declarationId'
    ].stage.$put({
      param: p,
      json: { stage: 'negotiating' },
    })
    expect(plain.status).toBe(403)
    expect(await stageOf(f, id)).toBe('silence')
    // At the deadline it can no longer be broken: the deadline wins, and the text is adopted.
    await waitFor(() => Date.now() > deadline, 'the deadline passed')
    const late = await negotiationApi(f.jpn).silence.break.$post({
      param: p,
      json: { reason: 'Too late.' },
    })
    expect([403, 409]).toContain(late.status)
    await eventually(async () => (await stageOf(f, id)) === 'adopted', 'adopted at the deadline')
  })

  it('is withdrawn when the secretariat returns the text to negotiating, and shown so live', async () => {
    const id = await f.createDeclaration('Withdrawn Declaration', 'negotiating')
    await agreedDeclaration(f, id, [['wdop1', 'OP1', 'We commit to act.']])
    const shared = f.connect(f.shared(id), f.fra.token)
    await synced(shared)
    const silence = watchMirror(shared, 'silence')
    const started = await startSilence(f, id, Date.now() + 60_000)
    const stage =
      f.secretariat.api.conferences[':conferenceId'].declarations[':declarationId'].stage
    await silence.after(
      async () => {
        const response = await stage.$put({
          param: { conferenceId: f.conferenceId, declarationId: id },
          json: { stage: 'negotiating' },
        })
        await expectStatus(response, 200, 'withdrawn')
      },
      (map) => (map.get(started.id) as { state?: string } | undefined)?.state === 'withdrawn',
      'France sees silence withdrawn',
    )
    expect(await stageOf(f, id)).toBe('negotiating')
    // Its timer is gone too: starting again works, and only the new one runs.
    const again = await startSilence(f, id, Date.now() + 60_000)
    const list = await (
      await negotiationApi(f.secretariat).silence.$get({
        param: { conferenceId: f.conferenceId, declarationId: id },
      })
    ).json()
    expect(list.map((x) => [x.id, x.state])).toEqual([
      [started.id, 'withdrawn'],
      [again.id, 'running'],
    ])
  })
})
