import { CloseCode } from '@accord/protocol'
import { waitFor } from '@accord/server/testing'
import { afterAll, beforeAll, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type ConferenceFixture, closeCodesOf, expectStatus, setUpConference } from './fixtures.js'

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterAll(async () => {
  await f?.close()
})

function paragraph(pid: string, label: string, text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph')
  element.setAttribute('pid', pid)
  element.setAttribute('kind', 'operative')
  element.setAttribute('label', label)
  const content = new Y.XmlText()
  content.insert(0, text)
  element.insert(0, [content])
  return element
}

const base = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })

it('takes positions, comments and statuses to the mirrors, and locks agreed text', async () => {
  const chair = f.connect(f.draft(), f.secretariat.token)
  await waitFor(() => chair.provider.synced, 'chair synced')
  chair.doc
    .getXmlFragment('default')
    .insert(0, [
      paragraph('p1', 'OP1', 'Promote data free flow with trust.'),
      paragraph('p2', 'OP2', 'Strengthen the security of the digital economy.'),
    ])
  const api = f.jpn.api.conferences[':conferenceId'].declarations[':declarationId']
  // The REST reader sees the draft once the chair's update is stored: poll until it does.
  let labels: string[] = []
  for (const deadline = Date.now() + 10_000; labels.length < 2 && Date.now() < deadline; ) {
    const paragraphs = await api.paragraphs.$get({ param: base() })
    await expectStatus(paragraphs, 200, 'paragraphs')
    labels = (await paragraphs.json()).map((p) => p.label)
  }
  expect(labels).toEqual(['OP1', 'OP2'])

  const objection = await api.positions.$put({
    param: base(),
    json: { paragraphId: 'p1', value: 'objection' },
  })
  await expectStatus(objection, 200, 'position')
  const shared = f.connect(f.shared(), f.fra.token)
  await waitFor(() => {
    const consensus = shared.doc.getMap('consensus').get('p1') as
      | { blockedBy?: string[] }
      | undefined
    return consensus?.blockedBy?.includes('JPN') === true
  }, 'consensus blocked by JPN reaches FRA')

  const forFra = await api.positions.$put({
    param: base(),
    json: { paragraphId: 'p1', value: 'support', delegationId: f.delegations.FRA.id },
  })
  expect(forFra.status).toBe(403)

  const internal = await api.comments.$post({
    param: base(),
    json: { paragraphId: 'p1', visibility: 'delegation', body: 'Capital wants stronger language' },
  })
  await expectStatus(internal, 201, 'internal comment')
  const jpnDoc = f.connect(f.delegationDoc('JPN'), f.jpn.token)
  await waitFor(() => jpnDoc.doc.getMap('comments').size === 1, 'internal comment in JPN mirror')
  // Fence: a shared comment made after the internal one. The shared mirror is projected from SQL,
  // so once it shows the later comment it has been rewritten with the internal one already stored:
  // had the projection leaked it, it would be there now.
  const open = await api.comments.$post({
    param: base(),
    json: { paragraphId: 'p1', visibility: 'all', body: 'Japan asks for a stronger text' },
  })
  await expectStatus(open, 201, 'shared comment')
  await waitFor(() => shared.doc.getMap('comments').size > 0, 'the shared comment reaches FRA')
  expect(
    [...shared.doc.getMap('comments').values()].map(
      (comment) => (comment as { body: string }).body,
    ),
  ).toEqual(['Japan asks for a stronger text'])

  const chairApi = f.secretariat.api.conferences[':conferenceId'].declarations[':declarationId']
  const agreed = await chairApi.statuses.$put({
    param: base(),
    json: { paragraphId: 'p2', status: 'agreed' },
  })
  await expectStatus(agreed, 200, 'agreed')
  const delegate = f.connect(f.draft(), f.jpn.token)
  await waitFor(
    () => delegate.provider.synced && delegate.doc.getXmlFragment('default').length === 2,
    'delegate synced',
  )
  const p2 = delegate.doc.getXmlFragment('default').get(1) as Y.XmlElement
  ;(p2.get(0) as Y.XmlText).insert(0, 'NOT ')
  await waitFor(() => {
    const text = (chair.doc.getXmlFragment('default').get(1) as Y.XmlElement).get(0) as Y.XmlText
    return text.toString() === 'Strengthen the security of the digital economy.'
  }, 'agreed text restored for everyone')

  const codes = closeCodesOf(delegate)
  const p1 = delegate.doc.getXmlFragment('default').get(0) as Y.XmlElement
  ;(p1.get(0) as Y.XmlText).insert(0, 'forged ', {
    proposal: { id: 'x1', delegation: 'FRA', action: 'insert' },
  })
  await waitFor(() => codes.includes(CloseCode.AttributionRefused), 'forged proposal refused')
})
