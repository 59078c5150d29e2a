import { EDITOR_SCHEMA_VERSION, type ProposalAttributes } from '@accord/editor'
import { CloseCode, SyncMessageType } from '@accord/protocol'
import { synced, type TestClient, waitFor } from '@accord/server/testing'
import { type RawClient, rawClient } from '@accord/server/testing/raw-client'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  draftFragment,
  editUpdate,
  elementOf,
  eventually,
  noticesIn,
  paragraphElement,
  pidsOf,
  readParagraph,
  storedDoc,
  syncFrame,
  textOf,
  writeDraft,
} from './draftDocs.js'
import {
  type ConferenceFixture,
  closeCodesOf,
  conferenceAudit,
  negotiationApi,
  type Person,
  setUpConference,
} from './fixtures.js'

// Attribution is the server's: a proposal mark is the delegation's word in the room, so a
// client may only ever write proposals in its own delegation's name. These tests send updates
// from raw WebSockets, bypassing any editor, as a hostile or buggy client would.

let f: ConferenceFixture
/** The secretariat's provider on the draft: the reference copy of what the server holds. */
let chair: TestClient
/** A French delegate's provider, connected throughout: a member who must never see a forgery. */
let watcher: TestClient
const raws: RawClient[] = []

const OP2_PROPOSAL: ProposalAttributes = {
  id: 'fra-op2',
  delegation: 'FRA',
  action: 'insert',
  alternative: null,
}
const OP2_PROPOSED = ' in least developed countries'
const OP3 = 'We promote human-centric AI.'
const OP3_ALT2: ProposalAttributes = {
  id: 'fra-op3-alt2',
  delegation: 'FRA',
  action: 'delete',
  alternative: 2,
}

const param = () => ({ conferenceId: f.conferenceId, declarationId: f.declarationId })

beforeAll(async () => {
  f = await setUpConference()
  chair = await writeDraft(f, [
    paragraphElement('op1', 'OP1', 'We will promote data free flow with trust.'),
    paragraphElement('op2', 'OP2', 'We support digitalization for the SDGs.'),
    paragraphElement('op3', 'OP3', OP3),
  ])
  watcher = f.connect(f.draft(), f.fra.token)
  await synced(watcher)
  // France proposes wording through its own provider, as its editor would.
  textOf(watcher.doc, 'op2').insert('We support digitalization for the SDGs'.length, OP2_PROPOSED, {
    proposal: OP2_PROPOSAL,
  })
  // And "no text" for OP3: the whole paragraph in a deletion bracket, Alt 2.
  textOf(watcher.doc, 'op3').format(0, OP3.length, { proposal: OP3_ALT2 })
  await waitFor(
    () =>
      readParagraph(chair.doc, 'op2')?.proposals.length === 1 &&
      readParagraph(chair.doc, 'op3')?.proposals.length === 1,
    'France’s proposals reached the secretariat',
  )
})

afterEach(() => {
  for (const raw of raws.splice(0)) raw.close()
})

afterAll(async () => {
  await f?.close()
})

/** A raw WebSocket on the draft as `person`, once the relay has opened it (its first frame). */
async function rawDraft(person: Person): Promise<RawClient> {
  const raw = rawClient(
    `${f.wsBase}/${f.draft()}?token=${encodeURIComponent(person.token)}&editor=${EDITOR_SCHEMA_VERSION}`,
  )
  raws.push(raw)
  await raw.opened
  await waitFor(() => raw.received.length > 0, 'the relay opened the raw connection')
  return raw
}

/** The close the relay sent within a few seconds, or null when the connection stayed open. */
function closedSoon(raw: RawClient): Promise<{ code: number; reason: string } | null> {
  return Promise.race([
    raw.closed,
    new Promise<null>((resolve) => setTimeout(() => resolve(null), 3_000)),
  ])
}

/** A text the chair appends to OP1; once a client holds it, it holds everything sent before. */
let markers = 0
async function chairMarker(): Promise<string> {
  const marker = ` Marker ${++markers}.`
  const text = textOf(chair.doc, 'op1')
  text.insert(text.length, marker, {})
  await waitFor(
    () => readParagraph(watcher.doc, 'op1')?.text.endsWith(marker) === true,
    'a later edit of the chair reached the watcher',
  )
  return marker
}

/** The notices in a delegation's mirror, as one of its delegates reads them. */
function noticesOf(person: Person, code: 'JPN' | 'FRA' | 'B20') {
  return noticesIn(f, f.delegationDoc(code), person.token)
}

async function auditEntries(action: string) {
  return (await conferenceAudit(f)).filter((entry) => entry.action === action)
}

/** Checks that no client, fresh or connected, nor the store, nor the API holds `text`. */
async function expectNowhere(text: string) {
  await chairMarker()
  expect(readParagraph(watcher.doc, 'op1')?.text).not.toContain(text)
  expect(readParagraph(watcher.doc, 'op2')?.text).not.toContain(text)
  const fresh = f.connect(f.draft(), f.jpn.token)
  await synced(fresh)
  expect(JSON.stringify(fresh.doc.getXmlFragment('default').toJSON())).not.toContain(text)
  fresh.destroy()
  const stored = await storedDoc(f.server.store, f.draft())
  expect(stored.bytes.includes(Buffer.from(text, 'utf8'))).toBe(false)
  stored.doc.destroy()
  const paragraphs = await negotiationApi(f.fra).paragraphs.$get({ param: param() })
  expect(JSON.stringify(await paragraphs.json())).not.toContain(text)
}

describe('a proposal mark that names another delegation', () => {
  it('closes the raw connection with AttributionRefused, applies nothing, and is audited', async () => {
    const forged = 'forged words France never proposed'
    const raw = await rawDraft(f.jpn)
    raw.send(
      syncFrame(
        editUpdate(chair.doc, (doc) =>
          textOf(doc, 'op1').insert(0, `${forged} `, {
            proposal: { id: 'forged-1', delegation: 'FRA', action: 'insert', alternative: null },
          }),
        ),
      ),
    )
    const closed = await closedSoon(raw)
    expect(closed?.code).toBe(CloseCode.AttributionRefused)
    // The connection is told why: only its own delegation's name.
    expect(closed?.reason).toContain('JPN')

    await expectNowhere(forged)
    await eventually(
      async () => (await auditEntries('proposal.forgedAttribution')).length === 1,
      'the forged attribution is audited',
    )
    expect((await auditEntries('proposal.forgedAttribution'))[0]).toMatchObject({
      actor_user_id: f.jpn.id,
      outcome: 'denied',
      target: f.draft(),
      detail: { claimed: ['FRA'], delegation: 'JPN' },
    })
  })

  it('is refused as a sync step 2 too, and when mixed with a proposal in the sender’s own name', async () => {
    const own = 'wording Japan may propose'
    const forged = 'wording put in the B20’s mouth'
    const raw = await rawDraft(f.jpn)
    const update = editUpdate(chair.doc, (doc) => {
      const text = textOf(doc, 'op1')
      text.insert(0, `${own} `, {
        proposal: { id: 'jpn-own', delegation: 'JPN', action: 'insert', alternative: null },
      })
      text.insert(0, `${forged} `, {
        proposal: { id: 'jpn-b20', delegation: 'B20', action: 'insert', alternative: null },
      })
    })
    raw.send(syncFrame(update, SyncMessageType.Step2))
    expect((await closedSoon(raw))?.code, 'the relay refuses the update').toBe(
      CloseCode.AttributionRefused,
    )
    // All or nothing: the sender's own proposal, in the same update, is not applied either.
    await expectNowhere(forged)
    await expectNowhere(own)
  })

  it('is refused from the secretariat, which holds the pen and makes no proposals', async () => {
    const forged = 'a proposal the chair slips in as Japan'
    const raw = await rawDraft(f.secretariat)
    raw.send(
      syncFrame(
        editUpdate(chair.doc, (doc) =>
          textOf(doc, 'op1').insert(0, forged, {
            proposal: { id: 'chair-1', delegation: 'JPN', action: 'insert', alternative: null },
          }),
        ),
      ),
    )
    expect((await closedSoon(raw))?.code, 'the relay refuses the update').toBe(
      CloseCode.AttributionRefused,
    )
    await expectNowhere(forged)
  })
})

describe('a proposal in the sender’s own name', () => {
  it('is accepted from the same raw path, stays open, and reaches the other delegations', async () => {
    const own = ' and trusted data spaces'
    const raw = await rawDraft(f.jpn)
    raw.send(
      syncFrame(
        editUpdate(chair.doc, (doc) => {
          const text = textOf(doc, 'op1')
          text.insert(text.length, own, {
            proposal: { id: 'jpn-op1', delegation: 'JPN', action: 'insert', alternative: null },
          })
        }),
      ),
    )
    await waitFor(
      () => readParagraph(watcher.doc, 'op1')?.proposals.some((p) => p.id === 'jpn-op1') === true,
      'the proposal reached France',
    )
    expect(readParagraph(watcher.doc, 'op1')?.proposals).toContainEqual({
      id: 'jpn-op1',
      delegation: 'JPN',
      action: 'insert',
      alternative: null,
      text: own,
    })
    // The connection was not closed for it.
    expect(raw.socket.readyState).toBe(raw.socket.OPEN)
    const paragraphs = await negotiationApi(f.fra).paragraphs.$get({ param: param() })
    const op1 = (await paragraphs.json()).find((p) => p.id === 'op1')
    expect(op1?.proposals.map((p) => [p.id, p.delegation])).toContainEqual(['jpn-op1', 'JPN'])
  })
})

describe('a proposal right after another delegation’s bracket', () => {
  // Writing a run with a mark right where another run's mark ends makes Yjs re-state the
  // neighbour's mark after the new run (to close it): the update then carries a format item that
  // names France, though it gives France no text at all. Proposing Alt 1 after an Alt 2 is the
  // everyday case; the editor (y-prosemirror) writes it the same way.
  it('is the proposer’s own, and is accepted from a stock provider', async () => {
    const japan = f.connect(f.draft(), f.jpn.token)
    const codes = closeCodesOf(japan)
    try {
      await synced(japan)
      const alt1 = ' We will develop interoperable AI frameworks.'
      const op3 = textOf(japan.doc, 'op3')
      op3.insert(op3.length, alt1, {
        proposal: { id: 'jpn-op3-alt1', delegation: 'JPN', action: 'insert', alternative: 1 },
      })
      await waitFor(
        () =>
          codes.length > 0 ||
          readParagraph(watcher.doc, 'op3')?.proposals.some((p) => p.id === 'jpn-op3-alt1') ===
            true,
        'the proposal lands, or the connection is closed',
      )
      expect(codes, 'close codes of the proposer').toEqual([])
      expect(readParagraph(watcher.doc, 'op3')?.proposals).toEqual([
        { ...OP3_ALT2, text: OP3 },
        { id: 'jpn-op3-alt1', delegation: 'JPN', action: 'insert', alternative: 1, text: alt1 },
      ])
    } finally {
      // A refused provider would resend the same update on every reconnection.
      japan.destroy()
    }
  })
})

describe('another delegation’s existing proposal', () => {
  // The update below carries no proposal mark at all: typed inside France's bracket, the words
  // take France's mark from the text around them (Yjs formatting is inherited). An honest client
  // gets there by typing while France concurrently brackets the same spot, so this is repaired,
  // not refused: the words are taken out of France's bracket, and the sender is told.
  it('cannot be given words it never proposed by typing inside its bracket', async () => {
    const inserted = ' not'
    const before = readParagraph(watcher.doc, 'op2')!.proposals
    expect(before).toEqual([{ ...OP2_PROPOSAL, text: OP2_PROPOSED }])
    const repairs = (await auditEntries('draft.repaired')).length
    const raw = await rawDraft(f.jpn)
    const offset = 'We support digitalization for the SDGs in'.length
    raw.send(syncFrame(editUpdate(chair.doc, (doc) => textOf(doc, 'op2').insert(offset, inserted))))
    await eventually(
      async () => (await auditEntries('draft.repaired')).length > repairs,
      'the repair is audited',
    )
    await chairMarker()
    // France's bracket still reads what France proposed (the diff shows what it says otherwise).
    expect(readParagraph(watcher.doc, 'op2')?.proposals).toEqual(before)
    expect(readParagraph(watcher.doc, 'op2')?.text).not.toContain(`in${inserted}`)
    expect(raw.socket.readyState, 'an honest client’s slip is not a forgery').toBe(raw.socket.OPEN)
    const notices = await noticesOf(f.jpn, 'JPN')
    expect(
      notices.some((n) =>
        n.reasons.some((r) => r.code === 'removedFromBracket' && r.delegation === 'FRA'),
      ),
    ).toBe(true)
  })

  it('cannot have its brackets stripped by another delegation (that is the secretariat’s decision)', async () => {
    const before = readParagraph(chair.doc, 'op2')!
    const proposed = before.proposals.find((p) => p.id === 'fra-op2')!.text
    const repairs = (await auditEntries('draft.repaired')).length
    const raw = await rawDraft(f.jpn)
    const start = before.text.indexOf(proposed)
    raw.send(
      syncFrame(
        editUpdate(chair.doc, (doc) =>
          textOf(doc, 'op2').format(start, proposed.length, { proposal: null }),
        ),
      ),
    )
    await eventually(
      async () => (await auditEntries('draft.repaired')).length > repairs,
      'the repair is audited',
    )
    await chairMarker()
    expect(readParagraph(watcher.doc, 'op2')?.proposals).toEqual(before.proposals)
    const fresh = f.connect(f.draft(), f.fra.token)
    await synced(fresh)
    expect(readParagraph(fresh.doc, 'op2')?.proposals).toEqual(before.proposals)
    fresh.destroy()
  })
})

describe('a paragraph split that carries another delegation’s bracket along', () => {
  // Splitting moves the bracket into the new paragraph unchanged: the proposal keeps its id,
  // delegation and words, so it is not a change to another delegation's proposal.
  it('is accepted, and the bracket stays France’s, word for word', async () => {
    const japan = f.connect(f.draft(), f.jpn.token)
    const codes = closeCodesOf(japan)
    try {
      await synced(japan)
      const head = 'We support'
      const before = readParagraph(japan.doc, 'op2')!
      const text = textOf(japan.doc, 'op2')
      const tail = text.toDelta() as Array<{ insert: string; attributes?: Record<string, unknown> }>
      japan.doc.transact(() => {
        text.delete(head.length, text.length - head.length)
        const runs: Array<{ text: string; proposal?: ProposalAttributes }> = []
        let skipped = 0
        for (const op of tail) {
          const cut = Math.max(0, head.length - skipped)
          skipped += op.insert.length
          if (cut >= op.insert.length) continue
          runs.push({
            text: op.insert.slice(cut),
            ...(op.attributes?.proposal
              ? { proposal: op.attributes.proposal as ProposalAttributes }
              : {}),
          })
        }
        const fragment = japan.doc.getXmlFragment('default')
        const index = fragment.toArray().indexOf(elementOf(japan.doc, 'op2')!)
        fragment.insert(index + 1, [paragraphElement('op2split', 'OP2bis', runs)])
      })
      await waitFor(
        () => codes.length > 0 || readParagraph(watcher.doc, 'op2split') !== undefined,
        'the split lands, or the connection is closed',
      )
      expect(codes, 'close codes of the delegate who split the paragraph').toEqual([])
      const moved = readParagraph(watcher.doc, 'op2split')!.proposals
      expect(moved).toEqual(before.proposals)
    } finally {
      japan.destroy()
    }
  })
})

describe('untrusted structure that every reader must survive', () => {
  // The probe of issue #8: one update from France holding a JPN bracket and 10,000 nested
  // elements overflowed the reader's stack after the update was applied, so it stayed in the
  // draft, reached Japan, and broke the API and every later edit.
  it('10,000 nested elements with a forged bracket are refused, and the draft stays usable', async () => {
    const forged = 'words Japan never wrote, hidden in depth'
    const raw = await rawDraft(f.fra)
    const update = editUpdate(chair.doc, (doc) => {
      const fragment = draftFragment(doc)
      const root = paragraphElement('deep1', 'OP9', [
        {
          text: forged,
          proposal: { id: 'deep-jpn', delegation: 'JPN', action: 'insert', alternative: null },
        },
      ])
      // One transaction, as one update: element by element outside one is quadratic in Yjs.
      doc.transact(() => {
        fragment.insert(fragment.length, [root])
        let current = root
        for (let i = 0; i < 10_000; i++) {
          const next = new Y.XmlElement('paragraph')
          current.insert(current.length, [next])
          current = next
        }
        current.insert(0, [new Y.XmlText('the bottom')])
      })
    })
    raw.send(syncFrame(update))
    const closed = await closedSoon(raw)
    // The relay's decoder refuses the depth before the draft rules ever read it (the next test
    // reaches the rules' own bound, below the decoder's): a final close, not an internal error.
    expect(closed?.code, 'a final close, not an internal error').toBe(CloseCode.UpdateTooComplex)
    await expectNowhere(forged)
    // The API and later edits still work.
    const paragraphs = await negotiationApi(f.secretariat).paragraphs.$get({ param: param() })
    expect(paragraphs.status).toBe(200)
  })

  it('nesting past the depth limit is refused even without any mark', async () => {
    const raw = await rawDraft(f.fra)
    const update = editUpdate(chair.doc, (doc) => {
      const fragment = draftFragment(doc)
      const root = paragraphElement('deep2', 'OP10', 'Plain.')
      fragment.insert(fragment.length, [root])
      let current = root
      for (let i = 0; i < 50; i++) {
        const next = new Y.XmlElement('paragraph')
        current.insert(current.length, [next])
        current = next
      }
    })
    raw.send(syncFrame(update))
    expect((await closedSoon(raw))?.code).toBe(CloseCode.AttributionRefused)
    await chairMarker()
    expect(pidsOf(watcher.doc)).not.toContain('deep2')
  })
})

describe('a mark under a key the editor reads but an honest editor never writes', () => {
  // y-tiptap reads "\nproposal--AAAAAAAA" as the proposal mark; the server's old reader did not
  // see it at all, so a forged JPN bracket was relayed and invisible to the API.
  it.each([
    ['\nproposal--AAAAAAAA', 'JPN'],
    ['x\nproposal--AAAAAAAA', 'JPN'],
    ['proposal--AAAAAAAA', 'FRA'],
    ['comment', 'FRA'],
  ])('%j naming %s is refused from France', async (key, delegation) => {
    const words = `variant key words ${JSON.stringify(key)} ${delegation}`
    const raw = await rawDraft(f.fra)
    raw.send(
      syncFrame(
        editUpdate(chair.doc, (doc) =>
          textOf(doc, 'op1').insert(0, words, {
            [key]: { id: `variant-${delegation}`, delegation, action: 'insert', alternative: null },
          }),
        ),
      ),
    )
    expect((await closedSoon(raw))?.code).toBe(CloseCode.AttributionRefused)
    await expectNowhere(words)
  })
})

describe('a proposal id that belongs to another delegation', () => {
  it('cannot carry France’s words, so no decision can record them as Japan’s', async () => {
    // Japan's bracket, through Japan's own provider.
    const japan = f.connect(f.draft(), f.jpn.token)
    await synced(japan)
    const op1 = textOf(japan.doc, 'op1')
    op1.insert(op1.length, ' with Japan’s words', {
      proposal: { id: 'demo-jpn-1', delegation: 'JPN', action: 'insert', alternative: null },
    })
    await waitFor(
      () => readParagraph(chair.doc, 'op1')?.proposals.some((p) => p.id === 'demo-jpn-1') === true,
      'Japan’s bracket reached the chair',
    )
    japan.destroy()
    const words = ' and France’s words under Japan’s id'
    const raw = await rawDraft(f.fra)
    raw.send(
      syncFrame(
        editUpdate(chair.doc, (doc) => {
          const text = textOf(doc, 'op2')
          text.insert(0, words, {
            proposal: { id: 'demo-jpn-1', delegation: 'FRA', action: 'insert', alternative: null },
          })
        }),
      ),
    )
    const closed = await closedSoon(raw)
    expect(closed?.code).toBe(CloseCode.AttributionRefused)
    expect(closed?.reason).toContain('JPN')
    await expectNowhere(words)
    const audit = await auditEntries('proposal.forgedAttribution')
    expect(audit.at(-1) ?? audit[0]).toBeDefined()
  })

  it('stays Japan’s after its bracket was decided and left the draft', async () => {
    const japan = f.connect(f.draft(), f.jpn.token)
    await synced(japan)
    const op3 = textOf(japan.doc, 'op3')
    op3.insert(op3.length, ' Soon decided.', {
      proposal: { id: 'jpn-decided', delegation: 'JPN', action: 'insert', alternative: null },
    })
    await waitFor(
      () => readParagraph(chair.doc, 'op3')?.proposals.some((p) => p.id === 'jpn-decided') === true,
      'Japan’s bracket reached the chair',
    )
    japan.destroy()
    const decided = await negotiationApi(f.secretariat)['proposal-decisions'].$post({
      param: param(),
      json: { paragraphId: 'op3', proposalId: 'jpn-decided', decision: 'rejected' },
    })
    expect(decided.status).toBe(200)
    await waitFor(
      () => readParagraph(chair.doc, 'op3')?.text.includes('Soon decided.') === false,
      'the rejected bracket left the draft',
    )
    const words = ' France borrows a decided id.'
    const raw = await rawDraft(f.fra)
    raw.send(
      syncFrame(
        editUpdate(chair.doc, (doc) => {
          const text = textOf(doc, 'op1')
          text.insert(text.length, words, {
            proposal: { id: 'jpn-decided', delegation: 'FRA', action: 'insert', alternative: null },
          })
        }),
      ),
    )
    const closed = await closedSoon(raw)
    expect(closed?.code).toBe(CloseCode.AttributionRefused)
    expect(closed?.reason).toContain('JPN')
    await expectNowhere(words)
  })

  it('a decision on an id held by two delegations is refused and records nothing', async () => {
    // Only state from before the rule could hold this; the server writes it directly.
    await f.server.relay.mutate(f.draft(), (doc) => {
      const text = textOf(doc, 'op1')
      text.insert(0, 'Shared id, JPN. ', {
        proposal: { id: 'twice-1', delegation: 'JPN', action: 'insert', alternative: null },
      })
      text.insert(0, 'Shared id, FRA. ', {
        proposal: { id: 'twice-1', delegation: 'FRA', action: 'insert', alternative: null },
      })
    })
    const api = negotiationApi(f.secretariat)
    const response = await api['proposal-decisions'].$post({
      param: param(),
      json: { paragraphId: 'op1', proposalId: 'twice-1', decision: 'accepted' },
    })
    expect(response.status).toBe(409)
    const decisions = await (await api['proposal-decisions'].$get({ param: param() })).json()
    expect(decisions.some((d: { proposalId: string }) => d.proposalId === 'twice-1')).toBe(false)
    expect(readParagraph(chair.doc, 'op1')?.text).toContain('Shared id, FRA.')
  })
})

describe('a Yjs client id that another user introduced', () => {
  // Attribution by authorship: a client id belongs to the user who first wrote under it, so no
  // one can write as another's editor, even with words in their own name.
  it('cannot be written under by another delegation, and the binding is durable', async () => {
    const japan = f.connect(f.draft(), f.jpn.token)
    await synced(japan)
    const op3 = textOf(japan.doc, 'op3')
    op3.insert(op3.length, ' Japan typed this.', {
      proposal: { id: 'jpn-authored', delegation: 'JPN', action: 'insert', alternative: null },
    })
    await waitFor(
      () => readParagraph(chair.doc, 'op3')?.text.includes('Japan typed this.') === true,
      'Japan’s edit reached the chair',
    )
    const japanId = japan.doc.clientID
    japan.destroy()
    const words = ' France under Japan’s client id.'
    const raw = await rawDraft(f.fra)
    raw.send(
      syncFrame(
        editUpdate(
          chair.doc,
          (doc) => {
            const text = textOf(doc, 'op3')
            text.insert(text.length, words, {
              proposal: {
                id: 'fra-as-jpn',
                delegation: 'FRA',
                action: 'insert',
                alternative: null,
              },
            })
          },
          japanId,
        ),
      ),
    )
    expect((await closedSoon(raw))?.code).toBe(CloseCode.AttributionRefused)
    await expectNowhere(words)
    // Stored, not only remembered: a fresh reading of the table knows whose id it is.
    await eventually(async () => {
      const rows = await f.server.services.db
        .selectFrom('draft_client')
        .selectAll()
        .where('document', '=', f.draft())
        .where('client_id', '=', japanId)
        .execute()
      return rows.length === 1 && rows[0]!.user_id === f.jpn.id
    }, 'the binding is stored')
  })
})
