import type { ProposalAttributes } from '@accord/editor'
import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paragraphElement, readParagraph, textOf, writeDraft } from './draftDocs.js'
import {
  type ConferenceFixture,
  conferenceAudit,
  expectStatus,
  negotiationApi,
  setUpConference,
} from './fixtures.js'

// A decision on a proposal changes the draft (documents.db) and is recorded in accord.db. No
// transaction spans both, so the server records the intent first and completes it on start: a
// crash at any point leaves either nothing, or an intent that is carried out exactly once.

let f: ConferenceFixture
let chair: TestClient
const param = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })
const fra = (id: string): ProposalAttributes => ({
  id,
  delegation: 'FRA',
  action: 'insert',
  alternative: null,
})

beforeAll(async () => {
  f = await setUpConference()
  chair = await writeDraft(f, [
    paragraphElement('op1', 'OP1', 'We will promote data free flow.'),
    paragraphElement('op2', 'OP2', 'We support the SDGs.'),
    paragraphElement('op3', 'OP3', 'We promote AI.'),
  ])
  const france = f.connect(f.draft(), f.fra.token)
  await synced(france)
  textOf(france.doc, 'op1').insert(0, 'Crash one: ', { proposal: fra('fra-1') })
  textOf(france.doc, 'op2').insert(0, 'Crash two: ', { proposal: fra('fra-2') })
  textOf(france.doc, 'op3').insert(0, 'Raced: ', { proposal: fra('fra-3') })
  await waitFor(
    () => ['op1', 'op2', 'op3'].every((pid) => readParagraph(chair.doc, pid)?.proposals.length),
    'France’s brackets reached the chair',
  )
  france.destroy()
})

afterAll(async () => {
  await f?.close()
})

/** The row `decideProposal` writes before it touches the draft: what a crash leaves behind. */
async function leaveIntent(paragraphId: string, proposalId: string, decision: string) {
  await f.server.services.db
    .insertInto('proposal_decision')
    .values({
      declaration_id: f.declarationId,
      paragraph_id: paragraphId,
      proposal_id: proposalId,
      delegation: 'FRA',
      action: 'insert',
      text: 'x',
      decision,
      decided_by: f.secretariat.id,
      decided_at: Date.now(),
      applied_at: null,
    })
    .execute()
}

async function decisions() {
  const response = await negotiationApi(f.secretariat)['proposal-decisions'].$get({
    param: param(),
  })
  await expectStatus(response, 200, 'decisions')
  return response.json()
}

describe('a decision interrupted by a crash', () => {
  it('before the draft changed: completed on start, once, and audited', async () => {
    await leaveIntent('op1', 'fra-1', 'rejected')
    // Not a decision yet: readers see only decisions carried out.
    expect((await decisions()).some((d) => d.proposalId === 'fra-1')).toBe(false)
    expect(await f.server.services.negotiation.reconcileDecisions()).toBe(1)
    await waitFor(
      () => readParagraph(chair.doc, 'op1')?.text === 'We will promote data free flow.',
      'the rejected insertion left the draft',
    )
    expect((await decisions()).filter((d) => d.proposalId === 'fra-1')).toHaveLength(1)
    const audit = (await conferenceAudit(f)).filter(
      (e) => e.action === 'proposal.reject' && e.target === 'fra-1',
    )
    expect(audit).toHaveLength(1)
    expect(audit[0]?.detail).toMatchObject({ recovered: true })
    // A second start finds nothing left to do.
    expect(await f.server.services.negotiation.reconcileDecisions()).toBe(0)
  })

  it('after the draft changed: recorded without changing the draft again', async () => {
    // The crash came after the draft change: the bracket is already accepted (unbracketed).
    await f.server.relay.mutate(f.draft(), (doc) => {
      const text = textOf(doc, 'op2')
      text.format(0, 'Crash two: '.length, { proposal: null })
    })
    await leaveIntent('op2', 'fra-2', 'accepted')
    expect(await f.server.services.negotiation.reconcileDecisions()).toBe(1)
    expect((await decisions()).filter((d) => d.proposalId === 'fra-2')).toHaveLength(1)
    await waitFor(
      () => readParagraph(chair.doc, 'op2')?.text === 'Crash two: We support the SDGs.',
      'the accepted words stay, once',
    )
  })
})

describe('a bracket that leaves the draft while the decision is taken', () => {
  it('records no decision and no audit entry', async () => {
    const { negotiation } = f.server.services
    const d = await negotiation.declaration(f.conferenceId, f.declarationId)
    // Hold the draft's queue (first come, first served), so that the removal below is queued
    // right behind the decision's first read of the draft, and runs before its change.
    let release!: () => void
    const held = f.server.relay.read(f.draft(), () => new Promise<void>((r) => (release = r)))
    const decided = negotiation.decideProposal(
      d,
      { userId: f.secretariat.id, role: 'secretariat', delegationId: null },
      { paragraphId: 'op3', proposalId: 'fra-3', decision: 'accepted' },
    )
    // Its reconciliation is a database read that settles in microtasks; then it reads the draft.
    await new Promise((resolve) => setImmediate(resolve))
    const removed = f.server.relay.mutate(f.draft(), (doc) => {
      textOf(doc, 'op3').delete(0, 'Raced: '.length)
    })
    release()
    await Promise.all([held, removed])
    // The bracket was there when the decision read the paragraph, and gone when it acted.
    await expect(decided).rejects.toMatchObject({ code: 'conflict' })
    expect((await decisions()).some((d) => d.proposalId === 'fra-3')).toBe(false)
    const rows = await f.server.services.db
      .selectFrom('proposal_decision')
      .selectAll()
      .where('proposal_id', '=', 'fra-3')
      .execute()
    expect(rows).toEqual([])
    expect(
      (await conferenceAudit(f)).some(
        (e) => e.action === 'proposal.accept' && e.target === 'fra-3',
      ),
    ).toBe(false)
  })
})
