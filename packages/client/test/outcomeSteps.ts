import type { ProposalAttributes } from '@accord/editor'
import { synced } from '@accord/server/testing'
import { draftFragment, eventually, paragraphElement, textOf } from './draftDocs.js'
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

/** Writes a declaration of `paragraphs` (pid, label, text) as the chair and agrees every one. */
export async function agreedDeclaration(
  f: ConferenceFixture,
  declarationId: string,
  paragraphs: readonly (readonly [string, string, string])[],
): Promise<void> {
  const chair = f.connect(f.draft(declarationId), f.secretariat.token)
  await synced(chair)
  draftFragment(chair.doc).insert(
    0,
    paragraphs.map(([pid, label, text]) =>
      paragraphElement(pid, label, text, label.startsWith('PP') ? 'preambular' : 'operative'),
    ),
  )
  await eventually(async () => {
    const response = await negotiationApi(f.secretariat).paragraphs.$get({
      param: { conferenceId: f.conferenceId, declarationId },
    })
    const ids = new Set((await response.json()).map((p) => p.id))
    return paragraphs.every(([pid]) => ids.has(pid))
  }, 'the declaration reached the server')
  chair.destroy()
  for (const [pid] of paragraphs) await setStatus(f, declarationId, pid, 'agreed')
}

/** The secretariat starts silence, ending at `deadline` (ms since the epoch). */
export async function startSilence(
  f: ConferenceFixture,
  declarationId: string,
  deadline: number,
  message?: string,
) {
  const response = await negotiationApi(f.secretariat).silence.$post({
    param: { conferenceId: f.conferenceId, declarationId },
    json: message ? { deadline, message } : { deadline },
  })
  await expectStatus(response, 201, 'silence start')
  return response.json()
}

/** The declaration's stage, as the secretariat reads it. */
export async function stageOf(f: ConferenceFixture, declarationId: string): Promise<string> {
  const response = await f.secretariat.api.conferences[':conferenceId'].declarations.$get({
    param: { conferenceId: f.conferenceId },
  })
  const found = (await response.json()).find((d) => d.id === declarationId)
  if (!found) throw new Error('no such declaration')
  return found.stage
}
