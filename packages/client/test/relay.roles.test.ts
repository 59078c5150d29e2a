import { EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { CloseCode, STAGES } from '@accord/protocol'
import { synced, waitFor } from '@accord/server/testing'
import { rawClient } from '@accord/server/testing/raw-client'
import { probeRelay } from '@accord/server/testing/wire'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type ConferenceFixture, closeCodesOf, setUpConference } from './fixtures.js'
import { awarenessFrame } from './frames.js'

let f: ConferenceFixture

beforeAll(async () => {
  f = await setUpConference()
})

afterEach(() => f.disconnectAll())

afterAll(async () => {
  await f?.close()
})

/** The text of a document as the store holds it, rebuilt from scratch. */
async function storedText(name: string): Promise<string> {
  const stored = await f.server.store.load(name)
  const doc = new Y.Doc()
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  const text = doc.getText('text').toString()
  doc.destroy()
  return text
}

describe('observers never see a draft', () => {
  it('closes an observer’s draft connection with Forbidden and sends zero bytes, in every stage', async () => {
    const declarationId = await f.createDeclaration('Chair’s zero draft')
    const draft = f.draft(declarationId)
    // The secretariat writes the zero draft and stays present (awareness) throughout.
    const pen = f.connect(draft, f.secretariat.token)
    pen.provider.awareness.setLocalStateField('cursor', { paragraph: 'pp1' })
    await synced(pen)
    pen.doc.getText('text').insert(0, 'PP1 Recalling the Osaka Track')
    const check = f.connect(draft, f.secretariat.token)
    await waitFor(
      () => check.doc.getText('text').toString() === 'PP1 Recalling the Osaka Track',
      'the zero draft reached the server',
    )
    check.destroy()

    const visited: string[] = []
    for (const stage of STAGES) {
      if (stage !== 'drafting') await f.setStage(declarationId, stage)
      visited.push(stage)
      for (const name of [draft, f.shared(declarationId)]) {
        const probe = await probeRelay(
          f.server.port,
          `/sync/${name}?token=${encodeURIComponent(f.observer.token)}&editor=${EDITOR_SCHEMA_VERSION}`,
        )
        expect(probe, `${stage}: ${name}`).toMatchObject({
          status: 101,
          code: CloseCode.Forbidden,
          binaryFrames: 0,
        })
      }
      const reader = f.connect(draft, f.observer.token)
      const codes = closeCodesOf(reader)
      await waitFor(() => codes.length > 0, `${stage}: the observer's provider was closed`)
      expect(codes, stage).toEqual([CloseCode.Forbidden])
      expect(reader.doc.getText('text').toString(), stage).toBe('')
      expect(reader.provider.awareness.getStates().size, stage).toBe(1)
      reader.destroy()
    }
    expect(visited).toEqual(['drafting', 'negotiating', 'silence', 'adopted'])
    // The draft had content all along: a reader that is allowed sees it.
    const chair = f.connect(draft, f.secretariat.token)
    await synced(chair)
    expect(chair.doc.getText('text').toString()).toBe('PP1 Recalling the Osaka Track')
  })

  it('refuses the observer every other document of the conference too', async () => {
    for (const name of [
      f.delegationDoc('JPN'),
      f.delegationDoc('FRA'),
      f.delegationDoc('B20'),
      f.secretariatDoc(),
    ]) {
      const probe = await probeRelay(
        f.server.port,
        `/sync/${name}?token=${encodeURIComponent(f.observer.token)}&editor=${EDITOR_SCHEMA_VERSION}`,
      )
      expect(probe, name).toMatchObject({ status: 101, code: CloseCode.Forbidden, binaryFrames: 0 })
    }
  })
})

describe('a read-only connection’s updates are not applied', () => {
  it('drops the edits of a delegate whose write access ended with the silence procedure', async () => {
    const declarationId = await f.createDeclaration('Silence text', 'negotiating')
    const draft = f.draft(declarationId)
    const chair = f.connect(draft, f.secretariat.token)
    const japan = f.connect(draft, f.jpn.token)
    await Promise.all([synced(chair), synced(japan)])
    chair.doc.getText('text').insert(0, 'OP1 We commit to the 2030 target.')
    await waitFor(
      () => japan.doc.getText('text').toString() === 'OP1 We commit to the 2030 target.',
      'Japan reads the chair’s text while negotiating',
    )

    await f.setStage(declarationId, 'silence')
    const dropped = f.server.relay.stats().events.readOnlyUpdateDropped
    // Still connected (downgraded to read), Japan edits locally, then announces a marker in
    // awareness. The relay handles a connection's messages in order, so once the chair sees the
    // marker, the relay has handled the edit that came before it.
    expect(japan.provider.wsconnected).toBe(true)
    japan.doc.getText('text').insert(0, 'JPN UNILATERAL ')
    japan.provider.awareness.setLocalStateField('marker', 'after-edit')
    await waitFor(
      () => chair.provider.awareness.getStates().get(japan.doc.clientID)?.marker === 'after-edit',
      'the chair sees the marker sent after the edit',
    )
    expect(f.server.relay.stats().events.readOnlyUpdateDropped).toBeGreaterThan(dropped)
    expect(chair.doc.getText('text').toString()).toBe('OP1 We commit to the 2030 target.')

    // A delegate who connects now (read access in silence) gets the text without the edit,
    // and so does the store.
    const france = f.connect(draft, f.fra.token)
    await synced(france)
    expect(france.doc.getText('text').toString()).toBe('OP1 We commit to the 2030 target.')
    expect(await storedText(draft)).toBe('OP1 We commit to the 2030 target.')
    for (const doc of [chair.doc, france.doc]) {
      expect(Y.decodeStateVector(Y.encodeStateVector(doc)).has(japan.doc.clientID)).toBe(false)
    }
  })

  it('drops the edits of a delegate who connects with read access (silence), also as a raw update', async () => {
    const declarationId = await f.createDeclaration('Adopted text', 'negotiating')
    const draft = f.draft(declarationId)
    const chair = f.connect(draft, f.secretariat.token)
    await synced(chair)
    chair.doc.getText('text').insert(0, 'PP1 Agreed.')
    const check = f.connect(draft, f.jpn.token)
    await waitFor(() => check.doc.getText('text').toString() === 'PP1 Agreed.', 'stored')
    check.destroy()
    await f.setStage(declarationId, 'silence')

    const france = f.connect(draft, f.fra.token)
    await synced(france)
    expect(france.doc.getText('text').toString()).toBe('PP1 Agreed.')
    france.doc.getText('text').insert(0, 'FRA REOPENS ')
    france.provider.awareness.setLocalStateField('marker', 'after-edit')
    await waitFor(
      () => chair.provider.awareness.getStates().get(france.doc.clientID)?.marker === 'after-edit',
      'the chair sees the marker sent after the edit',
    )
    expect(chair.doc.getText('text').toString()).toBe('PP1 Agreed.')

    const fresh = f.connect(draft, f.secretariat.token)
    await synced(fresh)
    expect(fresh.doc.getText('text').toString()).toBe('PP1 Agreed.')
    expect(await storedText(draft)).toBe('PP1 Agreed.')
  })
})

describe('awareness identity comes from the session', () => {
  it('shows a delegate who claims another name and delegation under their real ones', async () => {
    const draft = f.draft()
    const france = f.connect(draft, f.fra.token)
    const seen: Array<Record<string, unknown>> = []
    france.provider.awareness.on('change', () => {
      for (const state of france.provider.awareness.getStates().values()) seen.push(state)
    })
    await synced(france)
    const japan = f.connect(draft, f.jpn.token)
    japan.provider.awareness.setLocalStateField('user', {
      name: 'Someone Else',
      delegation: 'FRA',
    })
    japan.provider.awareness.setLocalStateField('cursor', { paragraph: 'op3' })
    await synced(japan)
    await waitFor(
      () => france.provider.awareness.getStates().get(japan.doc.clientID)?.cursor !== undefined,
      'France sees Japan’s presence',
    )
    const state = france.provider.awareness.getStates().get(japan.doc.clientID)!
    expect(state.user).toMatchObject({ id: f.jpn.id, name: 'Aiko Tanaka', delegation: 'JPN' })
    expect(state.cursor).toEqual({ paragraph: 'op3' })
    // Never, not even for a moment, did the claimed identity reach France.
    for (const s of seen) {
      const user = s.user as { name?: string; delegation?: string } | undefined
      expect(user?.name).not.toBe('Someone Else')
    }
    // Someone who joins later gets the stamped identity in the snapshot too.
    const chair = f.connect(draft, f.secretariat.token)
    await waitFor(
      () => chair.provider.awareness.getStates().has(japan.doc.clientID),
      'the chair sees Japan',
    )
    expect(chair.provider.awareness.getStates().get(japan.doc.clientID)!.user).toMatchObject({
      name: 'Aiko Tanaka',
      delegation: 'JPN',
    })
  })

  it('does not let a connection set or clear another client’s awareness', async () => {
    const draft = f.draft()
    const france = f.connect(draft, f.fra.token)
    france.provider.awareness.setLocalStateField('cursor', { paragraph: 'op9' })
    await synced(france)
    const chair = f.connect(draft, f.secretariat.token)
    await waitFor(
      () => chair.provider.awareness.getStates().has(france.doc.clientID),
      'the chair sees France',
    )
    const spoofed = f.server.relay.stats().events.awarenessSpoofDropped
    const raw = rawClient(
      `${f.wsBase}/${draft}?token=${encodeURIComponent(f.jpn.token)}&editor=${EDITOR_SCHEMA_VERSION}`,
    )
    try {
      await raw.opened
      const ownId = 0x7fff_0001
      raw.send(
        awarenessFrame([
          // France's client: removed, then overwritten with a forged state.
          { clientId: france.doc.clientID, clock: 1_000, state: null },
          { clientId: france.doc.clientID, clock: 1_001, state: { cursor: 'forged' } },
        ]),
      )
      raw.send(awarenessFrame([{ clientId: ownId, clock: 1, state: { marker: 'after-spoof' } }]))
      await waitFor(
        () => chair.provider.awareness.getStates().get(ownId)?.marker === 'after-spoof',
        'the chair sees the raw client’s own state',
      )
      expect(chair.provider.awareness.getStates().get(france.doc.clientID)?.cursor).toEqual({
        paragraph: 'op9',
      })
      expect(f.server.relay.stats().events.awarenessSpoofDropped).toBeGreaterThan(spoofed)
      expect(chair.provider.awareness.getStates().get(ownId)?.user).toMatchObject({
        name: 'Aiko Tanaka',
        delegation: 'JPN',
      })
    } finally {
      raw.socket.terminate()
    }
  })
})
