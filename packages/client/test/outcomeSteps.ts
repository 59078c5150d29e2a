import type { ProposalAttributes } from '@accord/editor'
import { synced } from '@accord/server/testing'
import { eventually, textOf } from './draftDocs.js'
import { type ConferenceFixture, expectStatus, negotiationApi, type Person } from './fixtures.js'

/**
 * Steps of the outcome tests (#10), taken as people take them: a delegate proposes through its
 * own provider, the secretariat acts through the API.
 */

/** `person` inserts `text` as a proposal of its delegation at `offset` of a paragraph, and waits until the server reads it. */
export async function propose(
  f: ConferenceFixture,
  person: Person,
  declarationId: string,
  paragraphId: string,
  offset: number,
  text: string,
  proposal: ProposalAttributes,
): Promise<void> {
  const client = f.connect(f.draft(declarationId), person.token)
  await synced(client)
  textOf(client.doc, paragraphId).insert(offset, text, { proposal })
  await eventually(async () => {
    const response = await negotiationApi(f.secretariat).paragraphs.$get({
      param: { conferenceId: f.conferenceId, declarationId },
    })
    const paragraphs = await response.json()
    return paragraphs.some(
      (p) => p.id === paragraphId && p.proposals.some((x) => x.id === proposal.id),
    )
  }, 'the proposal reached the server')
  client.destroy()
}

/** The secretariat sets a paragraph's status. */
export async function setStatus(
  f: ConferenceFixture,
  declarationId: string,
  paragraphId: string,
  status: 'open' | 'ad_ref' | 'agreed',
): Promise<void> {
  const response = await negotiationApi(f.secretariat).statuses.$put({
    param: { conferenceId: f.conferenceId, declarationId },
    json: { paragraphId, status, pendingDelegationId: null },
  })
  await expectStatus(response, 200, `status ${status} of ${paragraphId}`)
}
