import {
  DECLARATION_FIELD,
  declarationBlocks,
  EDITOR_SCHEMA_VERSION,
  type ProposalAttributes,
  proposalOf,
  readDeclaration,
} from '@accord/editor'
import { CloseCode } from '@accord/protocol'
import fc from 'fast-check'
import { afterAll, beforeAll, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { Declaration } from '../src/directory/Conferences.js'
import { draftName } from '../src/negotiation/documentNames.js'
import { proposalIndex } from '../src/negotiation/proposalIndex.js'
import type { RunningServer } from '../src/server.js'
import type { AccessGrant, Principal } from '../src/sync/RelaySocket.js'
import {
  connectClient,
  operativeParagraph as paragraph,
  startTestServer,
  synced,
  type TestClient,
  tempDataDir,
  wsBase,
} from './helpers.js'

// The property of issue #8: whatever three delegations and the secretariat type, strike and cut,
// online or offline, with any interleaving, once everyone is back and the server has done its
// follow-up work: every delegation's proposals are intact and attributed to it (or gone whole,
// and then explained to their author or removed by the secretariat), and every agreed paragraph
// reads as agreed. Honest clients are never closed for it.

const CODES = ['SEC', 'JPN', 'FRA', 'B20'] as const
type Code = (typeof CODES)[number]
const AGREED = 'We will strengthen the security of the digital economy.'
const PIDS = ['op1', 'op2', 'op3'] as const

let data: ReturnType<typeof tempDataDir>
let server: RunningServer
let conferenceId: string
const principals = new Map<Code, Principal>()
const delegationIds = new Map<Code, string>()

beforeAll(async () => {
  data = tempDataDir()
  server = await startTestServer(data.dir, {
    // Who a connection is comes from `as`; the rules judge it as the policy would hand it over.
    authorize: (request): AccessGrant => {
      const as = new URL(request.url).searchParams.get('as') as Code | null
      const principal = as ? principals.get(as) : undefined
      return principal ? { access: 'write', principal } : { access: 'deny' }
    },
  })
  const { accounts, conferences } = server.services
  const conference = await conferences.create({
    name: 'Property',
    venue: 'Here',
    startsOn: '2026-12-01',
    endsOn: '2026-12-02',
  })
  conferenceId = conference.id
  for (const code of CODES) {
    const user = await accounts.create({
      email: `${code.toLowerCase()}@example.org`,
      name: code,
      password: 'a long enough test password',
    })
    let delegation: string | null = null
    if (code !== 'SEC') {
      const created = await conferences.addDelegation(conferenceId, {
        code,
        name: code,
        kind: 'member',
        decides: true,
      })
      delegation = code
      delegationIds.set(code, created.id)
    }
    principals.set(code, {
      userId: user.id,
      sessionId: `session-${code}`,
      name: code,
      delegation,
      color: '#000000',
    })
  }
})

afterAll(async () => {
  await server?.close()
  data?.cleanup()
})

/** A fresh declaration in negotiation, with OP1 agreed. */
async function freshDeclaration(): Promise<Declaration> {
  const { conferences, negotiation } = server.services
  const created = await conferences.createDeclaration(conferenceId, 'Property declaration')
  await conferences.setStage(conferenceId, created.id, 'negotiating')
  const d = (await conferences.declaration(conferenceId, created.id))!
  await server.relay.mutate(draftName(d), (doc) => {
    doc
      .getXmlFragment(DECLARATION_FIELD)
      .insert(0, [
        paragraph('op1', AGREED),
        paragraph('op2', 'We support digitalization for the SDGs.'),
        paragraph('op3', 'We promote human-centric AI for all.'),
      ])
  })
  await negotiation.setStatus(
    d,
    { userId: principals.get('SEC')!.userId, role: 'secretariat', delegationId: null },
    { paragraphId: 'op1', status: 'agreed', pendingDelegationId: null },
  )
  return d
}

type Op =
  | { kind: 'propose' | 'plain'; actor: number; pid: number; at: number }
  | { kind: 'strike' | 'cut'; actor: number; pid: number; at: number; len: number }
  | { kind: 'offline' | 'online'; actor: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constantFrom('propose' as const, 'plain' as const),
    actor: fc.integer({ min: 0, max: 3 }),
    pid: fc.integer({ min: 0, max: 2 }),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constantFrom('strike' as const, 'cut' as const),
    actor: fc.integer({ min: 0, max: 3 }),
    pid: fc.integer({ min: 0, max: 2 }),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    len: fc.integer({ min: 1, max: 12 }),
  }),
  fc.record({
    kind: fc.constantFrom('offline' as const, 'online' as const),
    actor: fc.integer({ min: 0, max: 3 }),
  }),
)

function textIn(doc: Y.Doc, pid: string): Y.XmlText | null {
  const block = declarationBlocks(doc).find((b) => b.id === pid)
  const text = block?.element.get(0)
  return text instanceof Y.XmlText ? text : null
}

/** The proposal of each character of a text, as this client holds it. */
function ownersOf(text: Y.XmlText): (ProposalAttributes | null)[] {
  const owners: (ProposalAttributes | null)[] = []
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string') continue
    const p = proposalOf(op.attributes)
    for (let i = 0; i < op.insert.length; i++) owners.push(p)
  }
  return owners
}

interface Run {
  readonly minted: Map<string, { code: Code; token: string }>
  secretariatCut: boolean
  serial: number
}

/** Applies one op to its actor's own copy, as an honest client would (never against its own bracket). */
function apply(op: Op, clients: Map<Code, TestClient>, run: Run): void {
  const code = CODES[op.actor]!
  const client = clients.get(code)!
  if (!('pid' in op)) {
    if (op.kind === 'offline') client.provider.disconnect()
    else client.provider.connect()
    return
  }
  const text = textIn(client.doc, PIDS[op.pid]!)
  if (!text) return
  const owners = ownersOf(text)
  const own = (i: number) => owners[i]?.delegation === code
  const at = Math.floor(op.at * text.length)
  if (op.kind === 'propose' || op.kind === 'plain') {
    if (op.kind === 'propose' && code === 'SEC') return
    // An honest editor extends its own bracket only on purpose.
    if (op.kind === 'plain' && own(at - 1) && own(at)) return
    const token = `{${code}${++run.serial}}`
    if (op.kind === 'plain') {
      text.insert(at, token, { proposal: null })
      return
    }
    const id = `${code.toLowerCase()}-t${run.serial}`
    run.minted.set(id, { code, token })
    text.insert(at, token, {
      proposal: { id, delegation: code, action: 'insert', alternative: null },
    })
    return
  }
  if (!('len' in op)) return
  const len = Math.min(op.len, text.length - at)
  if (len <= 0) return
  for (let i = at; i < at + len; i++) if (own(i)) return
  if (op.kind === 'cut') {
    if (code === 'SEC') run.secretariatCut = true
    text.delete(at, len)
  } else if (code !== 'SEC') {
    const id = `${code.toLowerCase()}-s${++run.serial}`
    text.format(at, len, {
      proposal: { id, delegation: code, action: 'delete', alternative: null },
    })
  }
}

const fragmentOf = (doc: Y.Doc) => JSON.stringify(doc.getXmlFragment(DECLARATION_FIELD).toJSON())

it('random edits by three delegations and the secretariat, with disconnects, keep every proposal and every agreed paragraph', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 24 }), async (ops) => {
      const d = await freshDeclaration()
      const name = draftName(d)
      const clients = new Map<Code, TestClient>()
      const closes: number[] = []
      for (const code of CODES) {
        const client = connectClient(wsBase(server), name, {
          params: { as: code, editor: String(EDITOR_SCHEMA_VERSION) },
        })
        client.provider.on('connection-close', (event: { code: number } | null) => {
          if (event) closes.push(event.code)
        })
        clients.set(code, client)
      }
      try {
        await Promise.all([...clients.values()].map((c) => synced(c)))
        const run: Run = { minted: new Map(), secretariatCut: false, serial: 0 }
        for (const op of ops) {
          apply(op, clients, run)
          // Let frames cross now and then, so edits interleave with others' in every way.
          if (op.kind === 'online' || Math.random() < 0.3)
            await new Promise((resolve) => setTimeout(resolve, 5))
        }
        for (const client of clients.values()) {
          if (!client.provider.wsconnected && !client.provider.wsconnecting)
            client.provider.connect()
        }
        // Settle: everyone holds what the server holds, the server has no follow-up work, and
        // that stays so for a few polls (a repair is queued just after an update is stored).
        const deadline = Date.now() + 20_000
        let steady = 0
        let previous = ''
        while (steady < 3) {
          await server.services.negotiation.settled(d.id)
          const held = await server.relay.read(name, (doc) => fragmentOf(doc))
          const agreed = [...clients.values()].every(
            (c) => c.provider.synced && fragmentOf(c.doc) === held,
          )
          steady = agreed && held === previous ? steady + 1 : 0
          previous = held
          if (Date.now() > deadline) {
            // What differs, so that a failure says why.
            const states = [...clients].map(
              ([code, c]) =>
                `${code}: synced ${c.provider.synced}, connected ${c.provider.wsconnected}, ${
                  fragmentOf(c.doc) === held ? 'same' : `holds ${fragmentOf(c.doc)}`
                }`,
            )
            throw new Error(
              `the clients and the server did not settle; closes ${closes.join(',')}\nserver holds ${held}\n${states.join('\n')}`,
            )
          }
          await new Promise((resolve) => setTimeout(resolve, 20))
        }

        expect(closes.filter((c) => c === CloseCode.AttributionRefused)).toEqual([])
        const doc = clients.get('SEC')!.doc
        // Attributed: each id to one delegation, the one that minted it.
        for (const [id, proposal] of proposalIndex(doc)) {
          expect([...proposal.delegations], id).toEqual([proposal.delegation])
          expect(id.startsWith(`${proposal.delegation.toLowerCase()}-`), id).toBe(true)
        }
        // Intact, or gone whole and accounted for.
        const index = proposalIndex(doc)
        const notices = new Map<Code, string>()
        for (const code of CODES.slice(1)) {
          const delegationDoc = `conference/${conferenceId}/declaration/${d.id}/delegation/${delegationIds.get(code)}`
          notices.set(
            code,
            await server.relay.read(delegationDoc, (mirror) =>
              JSON.stringify(mirror.getMap('notices').toJSON()),
            ),
          )
        }
        for (const [id, { code, token }] of run.minted) {
          const now = index.get(id)
          if (now) expect(now.text, id).toBe(token)
          else
            expect(
              run.secretariatCut || notices.get(code)!.includes(token),
              `${id} gone unexplained`,
            ).toBe(true)
        }
        // Agreed text is as agreed, once, everywhere.
        for (const client of clients.values()) {
          const op1 = readDeclaration(client.doc).filter((p) => p.id === 'op1')
          expect(op1.map((p) => [p.text, p.proposals.length])).toEqual([[AGREED, 0]])
          expect(declarationBlocks(client.doc).filter((b) => b.claimed === 'op1')).toHaveLength(1)
        }
      } finally {
        for (const client of clients.values()) client.destroy()
      }
    }),
    // 20 runs of up to 24 steps each: usually under two minutes, once past five here (a run that
    // does not settle fails on its own after 20 s), so the limit is ten. Shrinking a failure
    // runs the property hundreds of times more: it stops after seven minutes in all and reports
    // the smallest counterexample found by then, rather than meet the test's limit with none.
    {
      numRuns: 20,
      interruptAfterTimeLimit: 420_000,
      markInterruptAsFailure: true,
      // ACCORD_PROPERTY_REPLAY='{"seed":…,"path":"…"}' replays one reported counterexample.
      ...(process.env.ACCORD_PROPERTY_REPLAY
        ? { ...JSON.parse(process.env.ACCORD_PROPERTY_REPLAY), endOnFailure: true }
        : {}),
    },
  )
}, 600_000)
