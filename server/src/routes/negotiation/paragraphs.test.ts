import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPolicyServer, tempDataDir } from '../../../test/helpers.js'
import { seedDemoIfEmpty } from '../../demo/seedDemo.js'
import { seedDemoNegotiation } from '../../demo/seedDemoNegotiation.js'
import type { RunningServer } from '../../server.js'

// GET …/paragraphs gives each paragraph's structure, not only its words run together: the clean
// runs and the proposals in reading order, each with its delegation and alternative, and a
// rendering with brackets. Read from the demo's OP10, where Alt 2 ("no text", DEU) and Alt 1
// (BRA) used to come out as one sentence.

let server: RunningServer
let data: ReturnType<typeof tempDataDir>
let token: string
let path: string

beforeAll(async () => {
  data = tempDataDir()
  server = await startPolicyServer(data.dir)
  const seed = await seedDemoIfEmpty(server.services, data.dir, pino({ level: 'silent' }))
  if (!seed) throw new Error('the demo was not seeded')
  await seedDemoNegotiation(server.services, seed)
  const chair = seed.accounts.find((a) => a.email === 'secretariat@accord.example')!
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: chair.email, password: chair.password, mode: 'bearer' }),
  })
  expect(login.status).toBe(200)
  token = ((await login.json()) as { token: string }).token
  path = `${server.url}/api/conferences/${seed.conferenceId}/declarations/${seed.declarationId}/paragraphs`
})

afterAll(async () => {
  await server?.close()
  data?.cleanup()
})

interface Paragraph {
  id: string
  label: string
  text: string
  segments: { text: string; proposal: null | Record<string, unknown> }[]
  bracketed: string
}

async function paragraphs(): Promise<Paragraph[]> {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token}` } })
  expect(response.status).toBe(200)
  return (await response.json()) as Paragraph[]
}

const ALT2 =
  'We support risk-based approaches to the governance of artificial intelligence that foster innovation while addressing its risks.'
const ALT1 =
  ' We will develop interoperable frameworks for the evaluation of advanced artificial intelligence systems.'

describe('GET …/paragraphs', () => {
  it('gives alternatives apart, each with its delegation and alternative', async () => {
    const op10 = (await paragraphs()).find((p) => p.id === 'op10')!
    expect(op10.segments).toEqual([
      {
        text: ALT2,
        proposal: { id: 'demo-deu-alt2', delegation: 'DEU', action: 'delete', alternative: 2 },
      },
      {
        text: ALT1,
        proposal: { id: 'demo-bra-alt1', delegation: 'BRA', action: 'insert', alternative: 1 },
      },
    ])
    expect(op10.bracketed).toBe(`[Alt 2 DEU delete: ${ALT2}][Alt 1 BRA: ${ALT1}]`)
  })

  it('gives clean runs and a bracket in reading order', async () => {
    const op6 = (await paragraphs()).find((p) => p.id === 'op6')!
    expect(op6.segments.map((s) => [s.text.slice(0, 12), s.proposal?.delegation ?? null])).toEqual([
      ['We will work', null],
      [', including ', 'JPN'],
      [', to foster ', null],
    ])
    expect(op6.bracketed).toContain(
      'data flows[JPN: , including through a multilateral arrangement], to foster interoperability.',
    )
    // The segments are the text, in order, with nothing lost or added.
    for (const p of await paragraphs()) expect(p.segments.map((s) => s.text).join('')).toBe(p.text)
  })

  it('gives a clean paragraph as one clean run, bracketed as it reads', async () => {
    const pp1 = (await paragraphs()).find((p) => p.id === 'pp1')!
    expect(pp1.segments).toEqual([{ text: pp1.text, proposal: null }])
    expect(pp1.bracketed).toBe(pp1.text)
  })
})
