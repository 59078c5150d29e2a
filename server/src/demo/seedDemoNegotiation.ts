import { DECLARATION_FIELD, PARAGRAPH_NODE, sealIdentity } from '@accord/editor'
import type { ParagraphStatus, PositionValue } from '@accord/protocol'
import * as Y from 'yjs'
import type { Actor } from '../negotiation/Negotiation.js'
import { draftName } from '../negotiation/Negotiation.js'
import type { Services } from '../services.js'
import { DEMO_DRAFT } from './demoDraft.js'
import type { DemoSeed } from './seedDemo.js'

type Proposal = {
  id: string
  delegation: string
  action: 'insert' | 'delete'
  alternative: number | null
}

/** Text runs of the paragraphs that carry open proposals in the demo. */
const PROPOSALS: Record<string, Array<{ text: string; proposal?: Proposal }>> = {
  op6: [
    {
      text: 'We will work to identify commonalities, complementarities and elements of convergence between our regulatory approaches to cross-border data flows',
    },
    {
      text: ', including through a multilateral arrangement',
      proposal: { id: 'demo-jpn-1', delegation: 'JPN', action: 'insert', alternative: null },
    },
    { text: ', to foster interoperability.' },
  ],
  // Alternatives: Alt 1 strengthens the paragraph; Alt 2 is "no text" (the paragraph goes).
  op10: [
    {
      text: 'We support risk-based approaches to the governance of artificial intelligence that foster innovation while addressing its risks.',
      proposal: { id: 'demo-deu-alt2', delegation: 'DEU', action: 'delete', alternative: 2 },
    },
    {
      text: ' We will develop interoperable frameworks for the evaluation of advanced artificial intelligence systems.',
      proposal: { id: 'demo-bra-alt1', delegation: 'BRA', action: 'insert', alternative: 1 },
    },
  ],
}

/**
 * Puts the demo declaration partway through negotiation: the zero draft with open proposals and
 * alternatives, some paragraphs agreed and some ad ref, positions of many delegations, and
 * shared and internal comments. Goes through the same services as the API, so the mirrors and
 * the audit log hold what a real negotiation would.
 */
export async function seedDemoNegotiation(services: Services, seed: DemoSeed): Promise<void> {
  const { negotiation, conferences, accounts } = services
  const declaration = await negotiation.declaration(seed.conferenceId, seed.declarationId)
  await services.relay.mutate(draftName(declaration), (doc) => {
    const blocks = DEMO_DRAFT.map((block) => {
      const element = new Y.XmlElement(PARAGRAPH_NODE)
      element.setAttribute('pid', block.pid)
      element.setAttribute('kind', block.kind)
      element.setAttribute('label', block.label)
      // The seal keeps pid, kind and label together when clients restructure concurrently.
      element.setAttribute(
        'identity',
        sealIdentity({ pid: block.pid, kind: block.kind, label: block.label }),
      )
      const text = new Y.XmlText()
      let offset = 0
      for (const run of PROPOSALS[block.pid] ?? [{ text: block.text }]) {
        text.insert(offset, run.text, run.proposal ? { proposal: run.proposal } : {})
        offset += run.text.length
      }
      element.insert(0, [text])
      return element
    })
    doc.getXmlFragment(DECLARATION_FIELD).insert(0, blocks)
  })

  const delegations = new Map(
    (await conferences.delegations(seed.conferenceId)).map((d) => [d.code, d]),
  )
  const userOf = async (email: string) => (await accounts.byEmail(email))!
  const secretariat = await userOf('secretariat@accord.example')
  const chair: Actor = { userId: secretariat.id, role: 'secretariat', delegationId: null }
  const delegate = async (email: string, code: string): Promise<Actor> => ({
    userId: (await userOf(email)).id,
    role: 'delegate',
    delegationId: delegations.get(code)!.id,
  })
  const jpn = await delegate('jpn@accord.example', 'JPN')
  const deu = await delegate('deu@accord.example', 'DEU')
  const bra = await delegate('bra@accord.example', 'BRA')
  const b20 = await delegate('b20@accord.example', 'B20')

  const statuses: Array<[string, ParagraphStatus, string | null]> = [
    ['pp1', 'agreed', null],
    ['pp2', 'agreed', null],
    ['op1', 'agreed', null],
    ['op2', 'ad_ref', null],
    ['pp3', 'ad_ref', null],
    ['op15', 'pending', 'BRA'],
  ]
  for (const [paragraphId, status, pending] of statuses) {
    await negotiation.setStatus(declaration, chair, {
      paragraphId,
      status,
      pendingDelegationId: pending ? delegations.get(pending)!.id : null,
    })
  }

  // Positions stated by the seeded delegates, and positions other delegations stated in the room,
  // recorded by the secretariat on their behalf (marked `recordedBy: 'secretariat'`).
  const position = (
    actor: Actor,
    code: string,
    paragraphId: string,
    value: PositionValue,
    extra: { amendment?: string; note?: string } = {},
  ) =>
    negotiation.setPosition(declaration, actor, {
      paragraphId,
      delegationId: delegations.get(code)!.id,
      value,
      amendment: extra.amendment ?? null,
      note: extra.note ?? null,
    })
  await position(jpn, 'JPN', 'op6', 'support')
  await position(deu, 'DEU', 'op6', 'reservation', {
    note: 'Prefers language from the previous declaration.',
  })
  await position(bra, 'BRA', 'op6', 'objection', {
    note: 'Cannot accept a reference to a new arrangement.',
  })
  await position(bra, 'BRA', 'op10', 'amendment', {
    amendment:
      'We will develop interoperable frameworks for the evaluation of advanced artificial intelligence systems.',
  })
  await position(deu, 'DEU', 'op10', 'flexible')
  await position(jpn, 'JPN', 'op9', 'support')
  await position(b20, 'B20', 'op12', 'support', { note: 'Industry stands ready to contribute.' })
  for (const [code, paragraphId, value] of [
    ['USA', 'op6', 'support'],
    ['FRA', 'op6', 'flexible'],
    ['IND', 'op6', 'objection'],
    ['GBR', 'op9', 'support'],
    ['CAN', 'op9', 'support'],
    ['ZAF', 'op4', 'support'],
    ['IDN', 'op4', 'support'],
    ['EU', 'op7', 'reservation'],
  ] as const) {
    if (delegations.has(code))
      await position(chair, code, paragraphId, value, {
        note: 'Stated in the room.',
      })
  }

  const thread = await negotiation.addComment(declaration, bra, {
    paragraphId: 'op6',
    parentId: null,
    visibility: 'all',
    body: 'A new multilateral arrangement goes beyond our mandate for this meeting.',
  })
  await negotiation.addComment(declaration, jpn, {
    paragraphId: 'op6',
    parentId: thread,
    visibility: 'all',
    body: 'We could accept “including through existing arrangements” as a compromise.',
  })
  await negotiation.addComment(declaration, jpn, {
    paragraphId: 'op6',
    parentId: null,
    visibility: 'delegation',
    body: 'Capital confirms the compromise wording is acceptable; do not offer it before Thursday.',
  })
  await negotiation.addComment(declaration, chair, {
    paragraphId: 'op10',
    parentId: null,
    visibility: 'all',
    body: 'Delegations are invited to choose between Alt 1 and Alt 2 by the next session.',
  })
  await negotiation.addComment(declaration, deu, {
    paragraphId: 'op11',
    parentId: null,
    visibility: 'delegation',
    body: 'Check consistency with the national labelling rules before supporting.',
  })
}
