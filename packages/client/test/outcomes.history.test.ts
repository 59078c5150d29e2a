import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paragraphElement, writeDraft } from './draftDocs.js'
import {
  type ConferenceFixture,
  expectStatus,
  negotiationApi,
  setUpConference,
} from './fixtures.js'
import { agreedDeclaration, propose, setStatus as setStatusOf, stageOf } from './outcomeSteps.js'

// The agreed-text history against a running server: every status change is chained with the
// paragraph's text (brackets included) and who made it; concurrent changes still make one chain;
// and a row changed, removed or reordered in SQLite fails verification with its own code.

let f: ConferenceFixture
const param = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })

function setStatus(paragraphId: string, status: 'open' | 'ad_ref' | 'agreed') {
  return setStatusOf(f, f.declarationId, paragraphId, status)
}

async function history(person = f.secretariat) {
  const response = await negotiationApi(person).history.$get({ param: param() })
  await expectStatus(response, 200, 'history')
  return response.json()
}

beforeAll(async () => {
  f = await setUpConference()
  await writeDraft(f, [
    paragraphElement('hop1', 'OP1', 'We will act.'),
    paragraphElement('hop2', 'OP2', 'We support the SDGs.'),
  ])
  await propose(f, f.jpn, f.declarationId, 'hop1', 11, ' swiftly', {
    id: 'jpn-1',
    delegation: 'JPN',
    action: 'insert',
    alternative: null,
  })
})

afterAll(() => f.close())

describe('agreed-text history', () => {
  it('records each status change with the text at that moment, brackets included, and who made it', async () => {
    // OP1 holds an open bracket, so it is (re)stated open; it cannot be agreed in any form yet.
    await setStatus('hop1', 'open')
    await setStatus('hop2', 'agreed')
    const { entries, head, verification } = await history()
    expect(verification).toEqual({ ok: true })
    expect(entries.map((e) => [e.seq, e.paragraphId, e.status])).toEqual([
      [1, 'hop1', 'open'],
      [2, 'hop2', 'agreed'],
    ])
    expect(entries[0]!.payload.text).toBe('We will act swiftly.')
    expect(entries[0]!.payload.proposals).toMatchObject([{ delegation: 'JPN', text: ' swiftly' }])
    expect(entries[0]!.payload.actor.name).toBe('Sakura Chair')
    expect(entries[0]!.prev).toBeNull()
    expect(entries[1]!.prev).toBe(entries[0]!.hash)
    expect(head).toBe(entries[1]!.hash)
    // Delegates read it as they read the draft; observers never do.
    expect((await history(f.jpn)).entries).toHaveLength(2)
    const denied = await negotiationApi(f.observer).history.$get({ param: param() })
    expect(denied.status).toBe(403)
  })

  it('keeps one chain when status changes race', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        // OP1's open bracket keeps it open; OP2 moves between open and ad ref.
        i % 2 ? setStatus('hop1', 'open') : setStatus('hop2', i % 3 ? 'open' : 'ad_ref'),
      ),
    )
    const { entries, verification } = await history()
    expect(verification).toEqual({ ok: true })
    expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1))
  })

  it('fails verification with a specific code when a stored row is tampered with', async () => {
    const db = f.server.services.db
    const id = f.declarationId
    const original = await db
      .selectFrom('agreed_history')
      .selectAll()
      .where('declaration_id', '=', id)
      .where('seq', '=', 1)
      .executeTakeFirstOrThrow()
    // The text of an entry, as if someone rewrote what was on the table.
    await db
      .updateTable('agreed_history')
      .set({ payload: original.payload.replace('swiftly', 'slowly') })
      .where('declaration_id', '=', id)
      .where('seq', '=', 1)
      .execute()
    expect((await history()).verification).toMatchObject({ ok: false, code: 'history_payload' })
    // Its status instead, with a recomputed payload digest left alone: the link hash breaks.
    await db
      .updateTable('agreed_history')
      .set({ payload: original.payload, status: 'agreed' })
      .where('declaration_id', '=', id)
      .where('seq', '=', 1)
      .execute()
    expect((await history()).verification).toMatchObject({ ok: false, code: 'history_hash' })
    await db
      .updateTable('agreed_history')
      .set({ status: original.status })
      .where('declaration_id', '=', id)
      .where('seq', '=', 1)
      .execute()
    expect((await history()).verification).toEqual({ ok: true })
    // Two entries swapped.
    await db
      .updateTable('agreed_history')
      .set({ seq: 100 })
      .where('declaration_id', '=', id)
      .where('seq', '=', 2)
      .execute()
    await db
      .updateTable('agreed_history')
      .set({ seq: 2 })
      .where('declaration_id', '=', id)
      .where('seq', '=', 3)
      .execute()
    await db
      .updateTable('agreed_history')
      .set({ seq: 3 })
      .where('declaration_id', '=', id)
      .where('seq', '=', 100)
      .execute()
    expect((await history()).verification).toMatchObject({ ok: false, code: 'history_link' })
    await db
      .updateTable('agreed_history')
      .set({ seq: 100 })
      .where('declaration_id', '=', id)
      .where('seq', '=', 2)
      .execute()
    await db
      .updateTable('agreed_history')
      .set({ seq: 2 })
      .where('declaration_id', '=', id)
      .where('seq', '=', 3)
      .execute()
    await db
      .updateTable('agreed_history')
      .set({ seq: 3 })
      .where('declaration_id', '=', id)
      .where('seq', '=', 100)
      .execute()
    expect((await history()).verification).toEqual({ ok: true })
    // The last entry cut off: the chain alone still verifies, the kept head does not.
    await db
      .deleteFrom('agreed_history')
      .where('declaration_id', '=', id)
      .where('seq', '=', 10)
      .execute()
    expect((await history()).verification).toMatchObject({ ok: false, code: 'history_head' })
  })

  it('lets nothing cite a chain that fails: no revision, no adoption', async () => {
    const revision = await negotiationApi(f.secretariat).revisions.$post({
      param: param(),
      json: {},
    })
    expect(revision.status).toBe(409)
    expect((await revision.json()) as unknown).toMatchObject({
      error: { message: expect.stringContaining('history_head') },
    })
    const other = await f.createDeclaration('Tampered Declaration', 'negotiating')
    await agreedDeclaration(f, other, [['tmop1', 'OP1', 'We commit to act.']])
    await f.server.services.db
      .updateTable('agreed_history')
      .set({ at: 0 })
      .where('declaration_id', '=', other)
      .execute()
    const stage =
      f.secretariat.api.conferences[':conferenceId'].declarations[':declarationId'].stage
    const p = { conferenceId: f.conferenceId, declarationId: other }
    await expectStatus(await stage.$put({ param: p, json: { stage: 'silence' } }), 200, 'silence')
    const adopted = await stage.$put({ param: p, json: { stage: 'adopted' } })
    expect(adopted.status).toBe(409)
    expect(await stageOf(f, other)).toBe('silence')
    expect(await f.server.services.outcomes.publications.list(f.conferenceId)).toEqual([])
  })
})
