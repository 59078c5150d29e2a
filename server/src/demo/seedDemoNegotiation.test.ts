import { readDeclaration } from '@accord/editor'
import pino from 'pino'
import { afterEach, expect, it } from 'vitest'
import { startPolicyServer, tempDataDir } from '../../test/helpers.js'
import { draftName, sharedName } from '../negotiation/Negotiation.js'
import type { RunningServer } from '../server.js'
import { seedDemoIfEmpty } from './seedDemo.js'
import { seedDemoNegotiation } from './seedDemoNegotiation.js'

let server: RunningServer | null = null
let data: ReturnType<typeof tempDataDir> | null = null

afterEach(async () => {
  await server?.close()
  data?.cleanup()
})

it('seeds the demo declaration partway through negotiation', async () => {
  data = tempDataDir()
  server = await startPolicyServer(data.dir)
  const seed = await seedDemoIfEmpty(server.services, data.dir, pino({ level: 'silent' }))
  if (!seed) throw new Error('the demo was not seeded')
  await seedDemoNegotiation(server.services, seed)
  const { negotiation, relay } = server.services
  const declaration = await negotiation.declaration(seed.conferenceId, seed.declarationId)

  const paragraphs = await relay.read(draftName(declaration), (doc) => readDeclaration(doc))
  const numbered = paragraphs.filter((p) => p.kind === 'preambular' || p.kind === 'operative')
  expect(numbered.length).toBeGreaterThanOrEqual(20)
  expect(numbered.length).toBeLessThanOrEqual(30)
  expect(new Set(paragraphs.map((p) => p.id)).size).toBe(paragraphs.length)
  // An open proposal, and a paragraph with alternatives, one of them "no text".
  const proposals = paragraphs.flatMap((p) => p.proposals)
  expect(proposals.some((p) => p.delegation === 'JPN' && p.action === 'insert')).toBe(true)
  expect(
    proposals.filter((p) => p.alternative !== null).map((p) => [p.alternative, p.action]),
  ).toEqual(
    expect.arrayContaining([
      [1, 'insert'],
      [2, 'delete'],
    ]),
  )

  const mirror = await relay.read(sharedName(declaration), (doc) => ({
    statuses: doc.getMap('statuses').toJSON() as Record<string, { status: string }>,
    positions: Object.keys(doc.getMap('positions').toJSON()),
    recorded: doc.getMap('positions').toJSON() as Record<
      string,
      { setBy: string; recordedBy: string }
    >,
    comments: Object.values(doc.getMap('comments').toJSON()) as Array<{ visibility: string }>,
    consensus: doc.getMap('consensus').toJSON() as Record<
      string,
      { blockedBy: string[]; openProposals: number }
    >,
  }))
  const statuses = Object.values(mirror.statuses).map((s) => s.status)
  expect(statuses).toEqual(expect.arrayContaining(['agreed', 'ad_ref']))
  expect(new Set(mirror.positions.map((key) => key.split('/')[1])).size).toBeGreaterThanOrEqual(8)
  // Positions stated in the room are the secretariat's records, on the delegation's behalf.
  for (const key of ['op6/IND', 'op6/FRA', 'op6/USA']) {
    expect(mirror.recorded[key]).toMatchObject({
      setBy: 'Chair’s Secretariat',
      recordedBy: 'secretariat',
    })
  }
  expect(mirror.recorded['op6/JPN']).toMatchObject({ recordedBy: 'delegation' })
  expect(mirror.comments.length).toBeGreaterThan(0)
  expect(mirror.comments.every((c) => c.visibility === 'all')).toBe(true)
  expect(mirror.consensus.op6?.blockedBy).toEqual(expect.arrayContaining(['BRA']))
  expect(mirror.consensus.op6?.openProposals).toBe(1)
  const internal = await negotiation.comments(declaration, null)
  expect(internal.every((c) => c.visibility === 'all')).toBe(true)
  const jpnDelegation = (await server.services.conferences.delegations(seed.conferenceId)).find(
    (d) => d.code === 'JPN',
  )!
  const jpnView = await negotiation.comments(declaration, jpnDelegation.id)
  expect(jpnView.some((c) => c.visibility === 'delegation')).toBe(true)
})
