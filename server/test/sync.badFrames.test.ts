import { CloseCode, closeCodeName, MessageType } from '@accord/protocol'
import * as encoding from 'lib0/encoding'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import {
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from '../src/sync/messages.js'
import { startTestServer, tempDataDir, waitFor, wsBase } from './helpers.js'
import {
  Bystanders,
  closeCount,
  closeOrFence,
  closesSince,
  isSyncStep2,
  QUERY_AWARENESS_FRAME,
  rawAwarenessFrame,
  rawAwarenessUpdate,
  textInsertUpdate,
} from './protocolFrames.js'
import { rawClient } from './rawClient.js'

const KiB = 1024
const DOC = 'declaration/bad-frames/draft'
const OTHER_DOC = 'declaration/bad-frames-other/draft'

/** Bytes from a fixed linear congruential sequence: "random", but the same on every run. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let state = seed
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    bytes[i] = state >> 16
  }
  return bytes
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.byteLength
  }
  return out
}

/** The auth message of y-protocols/auth ("permission denied" with a reason). */
function authFrame(): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Auth)
  encoding.writeVarUint(encoder, 0)
  encoding.writeVarString(encoder, 'let me in')
  return encoding.toUint8Array(encoder)
}

const corruptUpdate = pseudoRandomBytes(64, 479)
const emptyStateVector = Y.encodeStateVector(new Y.Doc())
const validAwarenessUpdate = rawAwarenessUpdate([
  { clientId: 4242, clock: 1, json: '{"user":{"name":"Delegate"}}' },
])

interface Case {
  readonly name: string
  readonly frame: Uint8Array | string
  readonly code: number
}

const cases: Case[] = [
  { name: 'a text frame', frame: '{"type":"sync"}', code: CloseCode.TextFrame },
  { name: 'an empty frame', frame: new Uint8Array(0), code: CloseCode.MalformedMessage },
  {
    name: 'a truncated sync frame',
    frame: new Uint8Array([0, 0, 5, 1]),
    code: CloseCode.MalformedMessage,
  },
  {
    name: 'a frame whose message type varUint never ends',
    frame: new Uint8Array([0x80, 0x80]),
    code: CloseCode.MalformedMessage,
  },
  {
    name: 'a truncated awareness frame',
    frame: new Uint8Array([MessageType.Awareness, 10, 1]),
    code: CloseCode.MalformedMessage,
  },
  {
    name: 'trailing bytes after a valid sync step 1',
    frame: concat(encodeSyncStep1(emptyStateVector), new Uint8Array([0])),
    code: CloseCode.MalformedMessage,
  },
  {
    name: 'a second message in the same frame',
    frame: concat(QUERY_AWARENESS_FRAME, QUERY_AWARENESS_FRAME),
    code: CloseCode.MalformedMessage,
  },
  {
    name: 'unknown message type 9',
    frame: new Uint8Array([9]),
    code: CloseCode.UnknownMessageType,
  },
  { name: 'an auth message', frame: authFrame(), code: CloseCode.UnknownMessageType },
  {
    name: 'unknown sync subtype 7',
    frame: new Uint8Array([0, 7, 0]),
    code: CloseCode.UnknownMessageType,
  },
  {
    name: 'a sync update of random bytes',
    frame: encodeSyncUpdate(corruptUpdate),
    code: CloseCode.CorruptUpdate,
  },
  {
    name: 'a sync step 2 of random bytes',
    frame: encodeSyncStep2(corruptUpdate),
    code: CloseCode.CorruptUpdate,
  },
  {
    name: 'a sync step 1 with a truncated state vector',
    frame: encodeSyncStep1(new Uint8Array([5, 1])),
    code: CloseCode.CorruptUpdate,
  },
  {
    name: 'awareness with invalid JSON',
    frame: rawAwarenessFrame([{ clientId: 5001, clock: 1, json: '{"user":' }]),
    code: CloseCode.InvalidAwareness,
  },
  {
    name: 'awareness with a top-level __proto__ key',
    frame: rawAwarenessFrame([{ clientId: 5002, clock: 1, json: '{"__proto__":{"polluted":1}}' }]),
    code: CloseCode.InvalidAwareness,
  },
  {
    name: 'awareness with a nested __proto__ key',
    frame: rawAwarenessFrame([
      { clientId: 5003, clock: 1, json: '{"user":{"__proto__":{"polluted":1}}}' },
    ]),
    code: CloseCode.InvalidAwareness,
  },
  {
    name: 'awareness whose state is a string',
    frame: rawAwarenessFrame([{ clientId: 5004, clock: 1, json: '"hello"' }]),
    code: CloseCode.InvalidAwareness,
  },
  {
    name: 'awareness whose state is an array',
    frame: rawAwarenessFrame([{ clientId: 5005, clock: 1, json: '[1,2]' }]),
    code: CloseCode.InvalidAwareness,
  },
  {
    name: 'awareness whose state is a number',
    frame: rawAwarenessFrame([{ clientId: 5006, clock: 1, json: '42' }]),
    code: CloseCode.InvalidAwareness,
  },
  {
    name: 'awareness with a client id above 32 bits',
    frame: rawAwarenessFrame([{ clientId: 2 ** 40, clock: 1, json: '{}' }]),
    code: CloseCode.InvalidAwareness,
  },
  {
    name: 'an awareness update cut short',
    frame: encodeAwarenessMessage(validAwarenessUpdate.slice(0, -4)),
    code: CloseCode.InvalidAwareness,
  },
  {
    name: 'an awareness update with trailing bytes',
    frame: encodeAwarenessMessage(concat(validAwarenessUpdate, new Uint8Array([7]))),
    code: CloseCode.InvalidAwareness,
  },
  {
    name: 'a frame over maxFrameBytes',
    frame: encodeSyncUpdate(pseudoRandomBytes(100 * KiB, 1009)),
    code: CloseCode.MessageTooBig,
  },
]

describe('a bad frame closes only the connection that sent it', () => {
  let data: ReturnType<typeof tempDataDir>
  let server: RunningServer
  let bystanders: Bystanders

  beforeAll(async () => {
    data = tempDataDir()
    server = await startTestServer(data.dir, { limits: { maxFrameBytes: 64 * KiB } })
    bystanders = new Bystanders(server, DOC, OTHER_DOC)
    await bystanders.ready()
  })

  afterAll(async () => {
    bystanders.destroy()
    await server.close()
    data.cleanup()
  })

  it('uses payloads that really are corrupt', () => {
    expect(() => Y.decodeUpdate(corruptUpdate)).toThrow()
  })

  it.each(cases)('$name', async ({ frame, code }) => {
    const expectedName = closeCodeName(code)!
    const before = server.relay.stats().closes
    const offender = rawClient(`${wsBase(server)}/${DOC}`)
    await offender.opened
    // Sent at once: the relay queues it until the connection is authorised and loaded.
    offender.send(frame)
    // A fence: messages are handled in order, so an answer to this step 1 means the bad frame
    // was accepted.
    offender.send(encodeSyncStep1(emptyStateVector))
    const closed = await closeOrFence(offender, () => offender.received.some(isSyncStep2))
    expect(closed, 'the relay closed the offender before answering the fence').not.toBeNull()
    expect(closed!.code).toBe(code)
    await waitFor(
      () => closeCount(closesSince(before, server.relay.stats().closes)) >= 1,
      'the relay counted the close',
    )
    const counted = closesSince(before, server.relay.stats().closes)

    const health = await fetch(`${server.url}/healthz`)
    expect(health.status).toBe(200)
    await bystanders.proveSyncing()
    expect(bystanders.closes()).toBe(0)
    // Exactly one connection was closed, and the relay's counters name the same code.
    expect(counted).toEqual({ [expectedName]: 1 })
  })

  it('never applies hostile awareness and never pollutes Object.prototype', () => {
    expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    for (const client of bystanders.all) {
      const ids = [...client.provider.awareness.getStates().keys()]
      for (const hostile of [5001, 5002, 5003, 5004, 5005, 5006]) expect(ids).not.toContain(hostile)
    }
  })

  it('accepts a frame just under maxFrameBytes, so the size case tests the limit itself', async () => {
    const before = server.relay.stats().closes
    const writer = rawClient(`${wsBase(server)}/${DOC}`)
    await writer.opened
    const text = 'x'.repeat(60 * KiB)
    writer.send(encodeSyncUpdate(textInsertUpdate(text, 77)))
    await waitFor(
      () => bystanders.sameA.doc.getText('text').toString().includes(text),
      'the large update reached a bystander',
    )
    expect(closesSince(before, server.relay.stats().closes)).toEqual({})
    writer.close()
    await writer.closed
  })
})
