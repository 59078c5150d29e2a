import { CloseCode, closeCodeName } from '@accord/protocol'
import * as encoding from 'lib0/encoding'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '../src/sync/messages.js'
import { UpdateValidator } from '../src/sync/UpdateValidator.js'
import { startTestServer, tempDataDir, waitFor, wsBase } from './helpers.js'
import {
  Bystanders,
  closeCount,
  closeOrFence,
  closesSince,
  isSyncStep2,
  textInsertUpdate,
} from './protocolFrames.js'
import { rawClient } from './rawClient.js'
import { subdocumentBomb } from './relayTestKit.js'

/** yjs #479: base64 garbage that once made `applyUpdate` loop forever in lib0. */
const ISSUE_479 = new Uint8Array(Buffer.from('garbagedoc', 'base64'))
/** yjs #498: a zero-length update, which once looped forever in `readVarUint`. */
const ISSUE_498 = new Uint8Array(0)
/**
 * yjs #687: a V2 update whose run-length decoders never run dry; `Y.decodeUpdateV2` on it fills
 * the heap until the process dies. The relay speaks V1, where these bytes read as an empty update
 * followed by 23 bytes that no decoder looks at.
 */
const ISSUE_687 = new Uint8Array(
  Buffer.from('00010000000001000100010200001602000001fdffffffff7f0000', 'hex'),
)

/** An update that claims 2^32 structs for one client: `new Array(2 ** 32)` throws in applyUpdate. */
function hugeStructCount(): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // clients
  encoding.writeVarUint(encoder, 2 ** 32) // structs
  encoding.writeVarUint(encoder, 1) // client
  encoding.writeVarUint(encoder, 0) // clock
  encoding.writeVarUint(encoder, 0) // empty delete set
  return encoding.toUint8Array(encoder)
}

/**
 * Two GC structs, the second of length zero. `Y.decodeUpdate` accepts it; `Y.applyUpdate`
 * throws a TypeError from `cleanupTransactions` (found by mutating valid updates).
 */
function zeroLengthStruct(): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, 1) // clients
  encoding.writeVarUint(encoder, 2) // structs
  encoding.writeVarUint(encoder, 0) // client
  encoding.writeVarUint(encoder, 0) // clock
  encoding.writeUint8(encoder, 0) // GC …
  encoding.writeVarUint(encoder, 1) // … of length 1
  encoding.writeUint8(encoder, 0) // GC …
  encoding.writeVarUint(encoder, 0) // … of length 0
  encoding.writeVarUint(encoder, 0) // empty delete set
  return encoding.toUint8Array(encoder)
}

const BOMB = subdocumentBomb(200_000)
const DECODE_TIMEOUT_MS = 1_000

describe('UpdateValidator', () => {
  const validators: UpdateValidator[] = []
  function validator(timeoutMs = DECODE_TIMEOUT_MS): UpdateValidator {
    const v = new UpdateValidator({ timeoutMs })
    validators.push(v)
    return v
  }

  afterEach(async () => {
    await Promise.all(validators.splice(0).map((v) => v.close()))
  })

  it('accepts a valid update', async () => {
    await expect(validator().validate(textInsertUpdate('Recalling'))).resolves.toEqual({
      ok: true,
    })
  })

  it('reports an update claiming 2^32 structs as too complex, before decoding it', async () => {
    await expect(validator().validate(hugeStructCount())).resolves.toMatchObject({
      ok: false,
      reason: 'tooComplex',
    })
  })

  it('reports garbage, #479 and #498 payloads as corrupt', async () => {
    const v = validator()
    for (const payload of [ISSUE_479, ISSUE_498, new Uint8Array([0xff])]) {
      await expect(v.validate(payload)).resolves.toMatchObject({ ok: false, reason: 'corrupt' })
    }
  })

  it('reports the #687 payload as corrupt rather than as an empty update', async () => {
    // Its first four bytes are a complete, empty V1 update; the rest is never read. Accepting it
    // silently would also swallow the edits of a client that (wrongly) speaks V2.
    await expect(validator().validate(ISSUE_687)).resolves.toMatchObject({
      ok: false,
      reason: 'corrupt',
    })
  })

  it('cuts off a decode bomb, replaces the worker, and serves the jobs queued behind it', async () => {
    const v = validator()
    const bomb = v.validate(BOMB)
    // Queued behind the bomb: it only runs once the stuck worker was replaced.
    const queued = v.validate(textInsertUpdate('queued behind the bomb'))
    await expect(bomb).resolves.toMatchObject({ ok: false, reason: 'timeout' })
    await expect(queued).resolves.toEqual({ ok: true })
    // The replacement decodes, and reports corrupt input as corrupt, not as a timeout.
    await expect(v.validate(ISSUE_479)).resolves.toMatchObject({ ok: false, reason: 'corrupt' })
    // And it can be cut off again.
    await expect(v.validate(BOMB)).resolves.toMatchObject({ ok: false, reason: 'timeout' })
    await expect(v.validate(textInsertUpdate('after the second bomb'))).resolves.toEqual({
      ok: true,
    })
  })

  it('fails pending validations when closed', async () => {
    const v = validator()
    const running = v.validate(BOMB)
    const queued = v.validate(textInsertUpdate('never decoded'))
    await v.close()
    await expect(running).resolves.toMatchObject({ ok: false })
    await expect(queued).resolves.toMatchObject({ ok: false })
    await expect(v.validate(textInsertUpdate('after close'))).resolves.toMatchObject({ ok: false })
  })
})

interface HostilePayload {
  readonly name: string
  readonly frame: Uint8Array
  readonly codes: readonly number[]
}

const decodeFailure = [CloseCode.CorruptUpdate, CloseCode.DecodeTimeout]

const payloads: HostilePayload[] = [
  { name: '#479 as an update', frame: encodeSyncUpdate(ISSUE_479), codes: decodeFailure },
  { name: '#479 as sync step 2', frame: encodeSyncStep2(ISSUE_479), codes: decodeFailure },
  { name: '#498 as an update', frame: encodeSyncUpdate(ISSUE_498), codes: decodeFailure },
  { name: '#498 as sync step 2', frame: encodeSyncStep2(ISSUE_498), codes: decodeFailure },
  {
    name: 'an update claiming 2^32 structs',
    frame: encodeSyncUpdate(hugeStructCount()),
    codes: [CloseCode.UpdateTooComplex],
  },
  {
    name: 'a subdocument decode bomb',
    frame: encodeSyncUpdate(BOMB),
    codes: [CloseCode.DecodeTimeout],
  },
  { name: '#687 as an update', frame: encodeSyncUpdate(ISSUE_687), codes: decodeFailure },
]

describe('hostile updates close only the connection that sent them', () => {
  const DOC = 'declaration/decode-hang/draft'
  const OTHER_DOC = 'declaration/decode-hang-other/draft'
  let data: ReturnType<typeof tempDataDir>
  let server: RunningServer
  let bystanders: Bystanders

  beforeAll(async () => {
    data = tempDataDir()
    server = await startTestServer(data.dir, { limits: { decodeTimeoutMs: DECODE_TIMEOUT_MS } })
    bystanders = new Bystanders(server, DOC, OTHER_DOC)
    await bystanders.ready()
  })

  afterAll(async () => {
    bystanders.destroy()
    await server.close()
    data.cleanup()
  })

  it('uses a bomb that is well-formed, so that only the decode deadline can stop it', () => {
    const small = subdocumentBomb(3)
    expect(Y.decodeUpdate(small).structs).toHaveLength(3)
  })

  it.each(payloads)('$name', async ({ frame, codes }) => {
    const before = server.relay.stats().closes
    const offender = rawClient(`${wsBase(server)}/${DOC}`)
    await offender.opened
    offender.send(frame)
    // A fence: the relay handles a connection's messages in order, so once this step 1 is
    // answered, the payload before it was accepted.
    offender.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    const closed = await closeOrFence(offender, () => offender.received.some(isSyncStep2))
    offender.close()
    expect(closed, 'the relay closed the offender before answering the fence').not.toBeNull()
    expect(codes).toContain(closed!.code)
    await waitFor(
      () => closeCount(closesSince(before, server.relay.stats().closes)) >= 1,
      'the relay counted the close',
    )
    const counted = closesSince(before, server.relay.stats().closes)
    await bystanders.proveSyncing()
    expect(bystanders.closes()).toBe(0)
    expect(counted).toEqual({ [closeCodeName(closed!.code)!]: 1 })
  })
})

// The worker applies every update to a scratch document, so this payload never reaches the main
// thread. The main thread's rollback after a failed apply is proven in sync.rollback.test.ts,
// with a payload that only fails where its dependencies are present.
describe('an update that decodes but fails to apply is stopped in the worker', () => {
  const DOC = 'declaration/apply-failure/draft'
  const OTHER_DOC = 'declaration/apply-failure-other/draft'
  let data: ReturnType<typeof tempDataDir>
  let server: RunningServer
  let bystanders: Bystanders

  beforeAll(async () => {
    data = tempDataDir()
    server = await startTestServer(data.dir, { limits: { decodeTimeoutMs: DECODE_TIMEOUT_MS } })
    bystanders = new Bystanders(server, DOC, OTHER_DOC)
    await bystanders.ready()
  })

  afterAll(async () => {
    bystanders.destroy()
    await server.close()
    data.cleanup()
  })

  it('passes the decoder and fails in applyUpdate', () => {
    const update = zeroLengthStruct()
    expect(() => Y.decodeUpdate(update)).not.toThrow()
    expect(() => Y.applyUpdate(new Y.Doc(), update)).toThrow(TypeError)
  })

  it('closes only its sender, with CorruptUpdate, before the main thread applies it', async () => {
    const reloads = server.relay.stats().events.documentReloaded
    const offender = rawClient(`${wsBase(server)}/${DOC}`)
    await offender.opened
    offender.send(encodeSyncUpdate(zeroLengthStruct()))
    offender.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
    const closed = await closeOrFence(offender, () => offender.received.some(isSyncStep2))
    expect(closed, 'the relay closed the offender before answering the fence').not.toBeNull()
    // The other document's bystander is untouched whatever happens to this document.
    await bystanders.proveSyncing()
    const sameDocumentCloses = bystanders.sameA.closes() + bystanders.sameB.closes()
    expect(bystanders.other.closes()).toBe(0)
    expect({ offender: closed!.code, sameDocumentCloses }).toEqual({
      offender: CloseCode.CorruptUpdate,
      sameDocumentCloses: 0,
    })
    // Nothing was applied, so nothing had to be rolled back.
    expect(server.relay.stats().events.documentReloaded).toBe(reloads)
  })
})
