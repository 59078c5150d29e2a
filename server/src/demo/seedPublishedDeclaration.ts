import { DECLARATION_FIELD, PARAGRAPH_NODE, type ParagraphKind, sealIdentity } from '@accord/editor'
import * as Y from 'yjs'
import type { Actor } from '../negotiation/Negotiation.js'
import { draftDocument } from '../outcomes/draftDocuments.js'
import type { PublicationSummary } from '../publication/Publications.js'
import type { Services } from '../services.js'

/** The earlier meeting whose declaration the demo shows as adopted and published. */
export const EARLIER_MEETING = {
  name: 'Digital Economy Ministerial Meeting (first session)',
  venue: 'Palazzo dei Congressi, Trieste',
  startsOn: '2025-09-15',
  endsOn: '2025-09-16',
  title: 'Trieste Ministerial Statement on Data for Development',
} as const

/** The adopted text: pid, kind, working label, words. OP3bis shows a label kept beside its final number. */
export const EARLIER_TEXT: readonly (readonly [string, ParagraphKind, string, string])[] = [
  ['tr-title', 'title', '', EARLIER_MEETING.title],
  [
    'tr-chapeau',
    'chapeau',
    '',
    'We, the Ministers responsible for the digital economy, met in Trieste on 15 and 16 September 2025.',
  ],
  [
    'tr-pp1',
    'preambular',
    'PP1',
    'Recalling the Osaka Track and our shared commitment to data free flow with trust,',
  ],
  [
    'tr-pp2',
    'preambular',
    'PP2',
    'Recognizing that data can drive inclusive growth and the achievement of the Sustainable Development Goals,',
  ],
  [
    'tr-op1',
    'operative',
    'OP1',
    'We will promote the responsible sharing of data for development, respecting privacy and the protection of personal data.',
  ],
  [
    'tr-op2',
    'operative',
    'OP2',
    'We encourage interoperable approaches to cross-border data flows that build trust among our economies.',
  ],
  [
    'tr-op3',
    'operative',
    'OP3',
    'We support capacity building for developing countries in data governance.',
  ],
  [
    'tr-op3b',
    'operative',
    'OP3bis',
    'We welcome the contributions of stakeholder groups, including the B20 and the C20, to our work.',
  ],
  ['tr-op4', 'operative', 'OP4', 'We will review our progress at our next meeting.'],
]

/**
 * Seeds one declaration of an earlier meeting, adopted and published, so that the portal has
 * something to show on a fresh start. It goes through the real path: the text is written into
 * the draft, each paragraph is agreed (and chained into the agreed-text history), and the
 * secretariat adopts it, which numbers, renders, signs and publishes it.
 */
export async function seedPublishedDeclaration(
  services: Services,
  secretariatEmail = 'secretariat@accord.example',
  observerEmail = 'observer@accord.example',
): Promise<PublicationSummary> {
  const { db, conferences, negotiation, outcomes, relay } = services
  const chairUser = await db
    .selectFrom('user')
    .select('id')
    .where('email', '=', secretariatEmail)
    .executeTakeFirstOrThrow()
  const conference = await conferences.create({
    name: EARLIER_MEETING.name,
    venue: EARLIER_MEETING.venue,
    startsOn: EARLIER_MEETING.startsOn,
    endsOn: EARLIER_MEETING.endsOn,
  })
  await conferences.addMember(conference.id, chairUser.id, 'secretariat', null)
  // The press observer was accredited to the first session too, so the client has a published
  // text to show an observer on a fresh start.
  const observer = await db
    .selectFrom('user')
    .select('id')
    .where('email', '=', observerEmail)
    .executeTakeFirst()
  if (observer) await conferences.addMember(conference.id, observer.id, 'observer', null)
  for (const [code, name] of [
    ['ITA', 'Italy'],
    ['JPN', 'Japan'],
    ['BRA', 'Brazil'],
  ] as const) {
    await conferences.addDelegation(conference.id, { code, name, kind: 'member', decides: true })
  }
  const created = await conferences.createDeclaration(conference.id, EARLIER_MEETING.title)
  await conferences.setStage(conference.id, created.id, 'negotiating')
  const declaration = (await conferences.declaration(conference.id, created.id))!
  await relay.mutate(draftDocument(declaration), (doc) => {
    const blocks = EARLIER_TEXT.map(([pid, kind, label, words]) => {
      const element = new Y.XmlElement(PARAGRAPH_NODE)
      element.setAttribute('pid', pid)
      element.setAttribute('kind', kind)
      element.setAttribute('label', label)
      element.setAttribute('identity', sealIdentity({ pid, kind, label }))
      const text = new Y.XmlText()
      text.insert(0, words)
      element.insert(0, [text])
      return element
    })
    doc.getXmlFragment(DECLARATION_FIELD).insert(0, blocks)
  })
  const chair: Actor = { userId: chairUser.id, role: 'secretariat', delegationId: null }
  for (const [pid] of EARLIER_TEXT) {
    const change = { paragraphId: pid, status: 'agreed' as const, pendingDelegationId: null }
    // Chained into the agreed-text history by the status change itself.
    await negotiation.setStatus(declaration, chair, change)
  }
  return outcomes.adoption.adopt(declaration, chair.userId)
}
