import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import {
  connectClient,
  startTestServer,
  synced,
  type TestClient,
  tempDataDir,
  waitFor,
  wsBase,
} from './helpers.js'
import { type RawClient, rawClient } from './rawClient.js'

const DOC = 'declaration/d1/draft'
/** Well under the 30 s after which y-protocols would time a silent state out by itself. */
const PROMPTLY_MS = 2_000

type State = Record<string, unknown> | null

/** One awareness message (type 1) holding the given entries, encoded as y-protocols does. */
function awarenessFrame(entries: { clientId: number; clock: number; state: State }[]): Uint8Array {
  const update = encoding.createEncoder()
  encoding.writeVarUint(update, entries.length)
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(update, clientId)
    encoding.writeVarUint(update, clock)
    encoding.writeVarString(update, JSON.stringify(state))
  }
  const frame = encoding.createEncoder()
  encoding.writeVarUint(frame, 1)
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update))
  return encoding.toUint8Array(frame)
}

const QUERY_AWARENESS = new Uint8Array([3])

interface Entry {
  readonly clientId: number
  readonly clock: number
  readonly state: State
}

/** The entries of an awareness frame, or none for any other frame. */
function entriesOf(frame: Uint8Array): Entry[] {
  const decoder = decoding.createDecoder(frame)
  if (decoding.readVarUint(decoder) !== 1) return []
  const update = decoding.createDecoder(decoding.readVarUint8Array(decoder))
  const entries: Entry[] = []
  const count = decoding.readVarUint(update)
  for (let i = 0; i < count; i++) {
    const clientId = decoding.readVarUint(update)
    const clock = decoding.readVarUint(update)
    entries.push({ clientId, clock, state: JSON.parse(decoding.readVarString(update)) as State })
  }
  return entries
}

/** The awareness states an awareness frame carries, read with y-protocols into a scratch Awareness. */
function statesOf(frame: Uint8Array): Map<number, unknown> {
  const decoder = decoding.createDecoder(frame)
  expect(decoding.readVarUint(decoder)).toBe(1)
  const scratch = new awarenessProtocol.Awareness(new Y.Doc())
  scratch.setLocalState(null)
  awarenessProtocol.applyAwarenessUpdate(scratch, decoding.readVarUint8Array(decoder), 'test')
  const states = new Map(scratch.getStates())
  scratch.destroy()
  return states
}

describe('awareness is relayed, cleaned up on disconnect, and cannot be spoofed', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: RunningServer
  const clients: TestClient[] = []
  const raws: RawClient[] = []

  beforeEach(async () => {
    data = tempDataDir()
    server = await startTestServer(data.dir)
  })

  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy()
    for (const r of raws.splice(0)) r.socket.terminate()
    await server.close()
    data.cleanup()
  })

  async function client(): Promise<TestClient> {
    const c = connectClient(wsBase(server), DOC)
    clients.push(c)
    await synced(c)
    return c
  }

  async function raw(): Promise<RawClient> {
    const r = rawClient(`${wsBase(server)}/${DOC}`)
    raws.push(r)
    await r.opened
    return r
  }

  /**
   * A raw observer: unlike a stock provider, it never echoes the awareness changes it receives
   * back to the relay (a stock provider does, and the relay drops and counts those echoes as
   * spoofs), so tests using only raw clients can count spoof drops exactly.
   */
  async function observer(): Promise<
    RawClient & { entries: () => Entry[]; stateOf: (id: number) => State | undefined }
  > {
    const r = await raw()
    const entries = () => r.received.flatMap(entriesOf)
    const stateOf = (id: number) => {
      const latest = entries()
        .filter((entry) => entry.clientId === id)
        .at(-1)
      return latest === undefined ? undefined : (latest.state ?? undefined)
    }
    return Object.assign(r, { entries, stateOf })
  }

  /** The state `observer` holds for client `id`. */
  const stateIn = (observer: TestClient, id: number) =>
    observer.provider.awareness.getStates().get(id)

  /** The clock `observer` holds for client `id`. */
  const clockIn = (observer: TestClient, id: number) =>
    observer.provider.awareness.meta.get(id)?.clock ?? 0

  it('shows each provider’s state to the others, late joiners included', async () => {
    const [alice, bob] = [await client(), await client()]
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice', delegation: 'fr' })
    bob.provider.awareness.setLocalStateField('user', { name: 'Bob', delegation: 'br' })
    await waitFor(
      () =>
        (stateIn(bob, alice.doc.clientID) as { user?: unknown })?.user !== undefined &&
        (stateIn(alice, bob.doc.clientID) as { user?: unknown })?.user !== undefined,
      'alice and bob see each other',
    )
    expect(stateIn(bob, alice.doc.clientID)).toEqual({
      user: { name: 'Alice', delegation: 'fr' },
    })
    expect(stateIn(alice, bob.doc.clientID)).toEqual({ user: { name: 'Bob', delegation: 'br' } })

    // A late joiner gets the states from the relay: nobody resends them when it arrives.
    const carol = await client()
    await waitFor(
      () =>
        stateIn(carol, alice.doc.clientID) !== undefined &&
        stateIn(carol, bob.doc.clientID) !== undefined,
      'carol sees alice and bob',
    )
    expect(stateIn(carol, alice.doc.clientID)).toEqual({
      user: { name: 'Alice', delegation: 'fr' },
    })
    expect(stateIn(carol, bob.doc.clientID)).toEqual({ user: { name: 'Bob', delegation: 'br' } })
  })

  it('removes a provider’s state for everyone promptly when it is destroyed or disconnects', async () => {
    const [alice, bob, carol] = [await client(), await client(), await client()]
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' })
    bob.provider.awareness.setLocalStateField('user', { name: 'Bob' })
    await waitFor(
      () =>
        stateIn(carol, alice.doc.clientID) !== undefined &&
        (stateIn(carol, bob.doc.clientID) as { user?: unknown })?.user !== undefined &&
        (stateIn(bob, alice.doc.clientID) as { user?: unknown })?.user !== undefined,
      'everyone sees alice and bob',
    )

    alice.destroy()
    await waitFor(
      () =>
        stateIn(bob, alice.doc.clientID) === undefined &&
        stateIn(carol, alice.doc.clientID) === undefined,
      'alice is gone for bob and carol',
      PROMPTLY_MS,
    )

    bob.provider.disconnect()
    await waitFor(
      () => stateIn(carol, bob.doc.clientID) === undefined,
      'bob is gone for carol',
      PROMPTLY_MS,
    )
    expect(stateIn(carol, carol.doc.clientID)).toBeDefined()
  })

  it('removes the states of a connection that drops without saying goodbye', async () => {
    // A stock provider sends a null state for itself before it closes; these do not, so only
    // the relay can clear their states.
    const observer = await client()
    const dropped = await raw()
    const closed = await raw()
    dropped.send(awarenessFrame([{ clientId: 900_001, clock: 1, state: { user: 'Dropped' } }]))
    closed.send(awarenessFrame([{ clientId: 900_002, clock: 1, state: { user: 'Closed' } }]))
    await waitFor(
      () => stateIn(observer, 900_001) !== undefined && stateIn(observer, 900_002) !== undefined,
      'the observer sees both raw clients',
    )

    dropped.socket.terminate()
    await waitFor(
      () => stateIn(observer, 900_001) === undefined,
      'a terminated connection’s state is removed',
      PROMPTLY_MS,
    )
    closed.close()
    await waitFor(
      () => stateIn(observer, 900_002) === undefined,
      'a closed connection’s state is removed',
      PROMPTLY_MS,
    )
  })

  it('drops awareness entries that claim another live client’s id', async () => {
    const victim = await client()
    const bystander = await client()
    victim.provider.awareness.setLocalStateField('user', { name: 'Alice', delegation: 'fr' })
    const id = victim.doc.clientID
    await waitFor(
      () => (stateIn(bystander, id) as { user?: unknown })?.user !== undefined,
      'the bystander sees the victim',
    )
    const aliceState = { user: { name: 'Alice', delegation: 'fr' } }
    expect(stateIn(bystander, id)).toEqual(aliceState)

    const spoofer = await raw()
    const own = 777_001
    spoofer.send(awarenessFrame([{ clientId: own, clock: 1, state: { user: 'Mallory' } }]))
    await waitFor(() => stateIn(bystander, own) !== undefined, 'the spoofer’s own state shows')
    expect(spoofer.socket.readyState).toBe(spoofer.socket.OPEN)

    // Clocks ahead of the victim's, so a bystander would apply these if the relay passed them on.
    const clock = clockIn(bystander, id)
    spoofer.send(
      awarenessFrame([{ clientId: id, clock: clock + 10, state: { user: 'Mallory as Alice' } }]),
    )
    spoofer.send(awarenessFrame([{ clientId: id, clock: clock + 20, state: null }]))
    // Mixed: the spoofer's own entry is applied, the victim's is dropped.
    spoofer.send(
      awarenessFrame([
        { clientId: own, clock: 2, state: { user: 'Mallory', marker: 1 } },
        { clientId: id, clock: clock + 30, state: { user: 'Mallory again' } },
      ]),
    )
    // The relay handles one connection's messages in order, so once the marker arrived any
    // relayed spoof would have arrived before it.
    await waitFor(
      () => (stateIn(bystander, own) as { marker?: number })?.marker === 1,
      'the spoofer’s own update arrives',
    )
    expect(stateIn(bystander, id)).toEqual(aliceState)
    expect(clockIn(bystander, id)).toBe(clock)
    // The count is pinned down with raw clients only (see below): stock providers echo every
    // awareness change they receive, and the relay drops and counts those echoes as well.

    // The relay's own view is intact too: a newcomer asking for awareness gets Alice.
    const newcomer = await raw()
    await waitFor(() => newcomer.received.length >= 2, 'the newcomer gets its initial frames')
    const count = newcomer.received.length
    newcomer.send(QUERY_AWARENESS)
    await waitFor(() => newcomer.received.length > count, 'the query is answered')
    const states = statesOf(newcomer.received[count]!)
    expect(states.get(id)).toEqual(aliceState)
    expect(states.get(own)).toEqual({ user: 'Mallory', marker: 1 })
  })

  it('counts each dropped spoof entry and relays none of them', async () => {
    const watcher = await observer()
    const victim = await raw()
    const spoofer = await raw()
    const id = 123_456
    victim.send(awarenessFrame([{ clientId: id, clock: 3, state: { user: 'Alice' } }]))
    spoofer.send(awarenessFrame([{ clientId: 654_321, clock: 1, state: { user: 'Mallory' } }]))
    await waitFor(
      () => watcher.stateOf(id) !== undefined && watcher.stateOf(654_321) !== undefined,
      'the watcher sees both',
    )
    const before = server.relay.stats().events.awarenessSpoofDropped
    const seen = watcher.entries().length

    spoofer.send(awarenessFrame([{ clientId: id, clock: 10, state: { user: 'Mallory as Alice' } }]))
    spoofer.send(awarenessFrame([{ clientId: id, clock: 20, state: null }]))
    spoofer.send(
      awarenessFrame([
        { clientId: id, clock: 30, state: { user: 'Mallory again' } },
        { clientId: 654_321, clock: 2, state: { user: 'Mallory', marker: 1 } },
      ]),
    )
    await waitFor(
      () => (watcher.stateOf(654_321) as { marker?: number } | undefined)?.marker === 1,
      'the spoofer’s own update arrives',
    )
    expect(server.relay.stats().events.awarenessSpoofDropped).toBe(before + 3)
    const after = watcher.entries().slice(seen)
    expect(after.filter((entry) => entry.clientId === id)).toEqual([])
    expect(after).toEqual([{ clientId: 654_321, clock: 2, state: { user: 'Mallory', marker: 1 } }])
    expect(watcher.stateOf(id)).toEqual({ user: 'Alice' })
    // The victim still owns its id.
    victim.send(awarenessFrame([{ clientId: id, clock: 4, state: { user: 'Alice', cursor: 1 } }]))
    await waitFor(
      () => (watcher.stateOf(id) as { cursor?: number } | undefined)?.cursor === 1,
      'the victim can still update its state',
    )
    expect(server.relay.stats().events.awarenessSpoofDropped).toBe(before + 3)
  })

  it('lets a connection set and clear its own ids', async () => {
    const watcher = await observer()
    const stock = await client()
    const peer = await raw()
    peer.send(
      awarenessFrame([
        { clientId: 555_001, clock: 1, state: { tab: 1 } },
        { clientId: 555_002, clock: 1, state: { tab: 2 } },
      ]),
    )
    await waitFor(
      () => stateIn(stock, 555_001) !== undefined && stateIn(stock, 555_002) !== undefined,
      'a stock provider sees both of the peer’s ids',
    )
    peer.send(awarenessFrame([{ clientId: 555_001, clock: 2, state: { tab: 1, cursor: 7 } }]))
    peer.send(awarenessFrame([{ clientId: 555_002, clock: 2, state: null }]))
    await waitFor(
      () =>
        stateIn(stock, 555_002) === undefined &&
        (stateIn(stock, 555_001) as { cursor?: number })?.cursor === 7,
      'the peer updated one id and cleared the other',
    )
    await waitFor(
      () => watcher.stateOf(555_002) === undefined && watcher.stateOf(555_001) !== undefined,
      'the watcher agrees',
    )
    // A cleared id is free again: the same connection may introduce it anew.
    peer.send(awarenessFrame([{ clientId: 555_002, clock: 3, state: { tab: 2, back: true } }]))
    await waitFor(
      () => (stateIn(stock, 555_002) as { back?: boolean })?.back === true,
      'the peer re-introduced its cleared id',
    )
    expect(peer.socket.readyState).toBe(peer.socket.OPEN)
    // The watcher saw every one of the peer's entries relayed, none dropped.
    const relayed = watcher
      .entries()
      .filter((entry) => entry.clientId >= 555_001 && entry.clientId <= 555_002)
    expect(relayed.map((entry) => [entry.clientId, entry.clock])).toEqual([
      [555_001, 1],
      [555_002, 1],
      [555_001, 2],
      [555_002, 2],
      [555_002, 3],
    ])
  })

  it('does not remove the victim’s state when the spoofer disconnects', async () => {
    const victim = await client()
    const bystander = await client()
    const watcher = await observer()
    victim.provider.awareness.setLocalStateField('user', { name: 'Alice' })
    const id = victim.doc.clientID
    await waitFor(
      () =>
        (stateIn(bystander, id) as { user?: unknown })?.user !== undefined &&
        watcher.stateOf(id) !== undefined,
      'the bystander and the watcher see the victim',
    )
    // A stock victim re-announces itself as soon as it hears it was removed, which would hide
    // a wrong removal from a later look at the state: record every removal the bystander sees.
    const removals: number[] = []
    bystander.provider.awareness.on('change', ({ removed }: { removed: number[] }) => {
      removals.push(...removed)
    })
    const spoofer = await raw()
    const own = 777_002
    spoofer.send(
      awarenessFrame([
        { clientId: id, clock: clockIn(bystander, id) + 5, state: { user: 'Mallory' } },
        { clientId: own, clock: 1, state: { user: 'Mallory' } },
      ]),
    )
    await waitFor(() => stateIn(bystander, own) !== undefined, 'the spoofer’s own state shows')
    expect(stateIn(bystander, id)).toEqual({ user: { name: 'Alice' } })
    const seen = watcher.entries().length

    spoofer.socket.terminate()
    await waitFor(
      () => stateIn(bystander, own) === undefined && watcher.stateOf(own) === undefined,
      'the spoofer’s own state is removed',
      PROMPTLY_MS,
    )
    expect(stateIn(bystander, id)).toEqual({ user: { name: 'Alice' } })
    expect(removals).toEqual([own])
    // Exactly one entry went out: the spoofer's own id, cleared (y-protocols removes a remote
    // state with its last clock and a null state).
    expect(watcher.entries().slice(seen)).toEqual([{ clientId: own, clock: 1, state: null }])

    // A client joining now still gets the victim from the relay.
    const late = await client()
    await waitFor(() => stateIn(late, id) !== undefined, 'the late joiner sees the victim')
    expect(stateIn(late, id)).toEqual({ user: { name: 'Alice' } })
  })

  it('frees a cleared id, so that another connection may introduce it', async () => {
    const watcher = await observer()
    const first = await raw()
    const second = await raw()
    first.send(awarenessFrame([{ clientId: 424_242, clock: 1, state: { tab: 'first' } }]))
    await waitFor(() => watcher.stateOf(424_242) !== undefined, 'the first connection’s id shows')
    first.send(awarenessFrame([{ clientId: 424_242, clock: 2, state: null }]))
    await waitFor(() => watcher.stateOf(424_242) === undefined, 'the id is cleared')
    const before = server.relay.stats().events.awarenessSpoofDropped

    second.send(awarenessFrame([{ clientId: 424_242, clock: 3, state: { tab: 'second' } }]))
    await waitFor(() => watcher.stateOf(424_242) !== undefined, 'the second connection’s id shows')
    expect(watcher.stateOf(424_242)).toEqual({ tab: 'second' })
    expect(server.relay.stats().events.awarenessSpoofDropped).toBe(before)
    // And now the first connection no longer owns it.
    first.send(awarenessFrame([{ clientId: 424_242, clock: 4, state: { tab: 'first again' } }]))
    await waitFor(
      () => server.relay.stats().events.awarenessSpoofDropped === before + 1,
      'the first connection’s late claim is dropped',
    )
    expect(watcher.stateOf(424_242)).toEqual({ tab: 'second' })
  })

  it('answers query-awareness with every current state', async () => {
    const alice = await client()
    const bob = await client()
    alice.provider.awareness.setLocalStateField('user', { name: 'Alice' })
    bob.provider.awareness.setLocalStateField('user', { name: 'Bob' })
    const asker = await raw()
    await waitFor(() => asker.received.length >= 1, 'the asker got its sync step 1')
    // Wait until the relay holds both named states: the asker saw them in a broadcast.
    await waitFor(() => {
      const seen = new Map<number, unknown>()
      for (const frame of asker.received.slice(1)) {
        for (const [client, state] of statesOf(frame)) seen.set(client, state)
      }
      return (
        (seen.get(alice.doc.clientID) as { user?: unknown })?.user !== undefined &&
        (seen.get(bob.doc.clientID) as { user?: unknown })?.user !== undefined
      )
    }, 'the relay holds both states')
    const count = asker.received.length

    asker.send(QUERY_AWARENESS)
    await waitFor(() => asker.received.length > count, 'the query is answered')
    expect(asker.received.length).toBe(count + 1)
    const states = statesOf(asker.received[count]!)
    expect(states).toEqual(
      new Map<number, unknown>([
        [alice.doc.clientID, { user: { name: 'Alice' } }],
        [bob.doc.clientID, { user: { name: 'Bob' } }],
      ]),
    )
  })
})
