import { Writable } from 'node:stream'
import { CLOSE_REASONS, CloseCode } from '@accord/protocol'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { type RunningServer, startServer } from '../src/server.js'
import { encodeSyncStep1, encodeSyncStep2, encodeSyncUpdate } from '../src/sync/messages.js'
import { tempDataDir, testConfig, waitFor, wsBase } from './helpers.js'
import { closeOrFence, isSyncStep2, textInsertUpdate } from './protocolFrames.js'
import { rawClient } from './rawClient.js'

// Issue #11: a corrupt update closed the connection with yjs's (or lib0's) own error text as the
// reason, telling the sender about the server's internals. The reason is now the close code's
// fixed one (CLOSE_REASONS), and the detail goes to the log. Raw WebSocket, malformed updates of
// several kinds, as a sync update and as a sync step 2.

const DOC = 'declaration/close-reasons/draft'

/** Bytes from a fixed linear congruential sequence: the same on every run. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length)
  let state = seed
  for (let i = 0; i < length; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31
    bytes[i] = state >> 16
  }
  return bytes
}

const valid = textInsertUpdate('a valid insertion, cut short below', 4711)
const malformed: [string, Uint8Array][] = [
  ['random bytes', pseudoRandomBytes(64, 479)],
  ['a valid update cut short', valid.slice(0, valid.byteLength - 9)],
  ['a valid update with a struct count far past its content', new Uint8Array([1, 200, 1, 0, 0])],
  ['more random bytes', pseudoRandomBytes(300, 687)],
]

let data: ReturnType<typeof tempDataDir>
let server: RunningServer
const logLines: string[] = []

beforeAll(async () => {
  data = tempDataDir()
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk))
      done()
    },
  })
  server = await startServer({
    config: testConfig(data.dir),
    log: pino({ level: 'info' }, sink),
    authorize: () => 'write',
  })
})

afterAll(async () => {
  await server?.close()
  data?.cleanup()
})

describe('a corrupt update is closed with the fixed reason, its detail only logged', () => {
  it('uses payloads that really are corrupt', () => {
    for (const [name, update] of malformed) {
      expect(() => Y.applyUpdate(new Y.Doc(), update), name).toThrow()
    }
  })

  for (const [name, update] of malformed) {
    for (const [how, frame] of [
      ['a sync update', encodeSyncUpdate(update)],
      ['a sync step 2', encodeSyncStep2(update)],
    ] as const) {
      it(`${name}, sent as ${how}`, async () => {
        const logged = logLines.length
        const offender = rawClient(`${wsBase(server)}/${DOC}`)
        await offender.opened
        offender.send(frame)
        // A fence: an answer to this step 1 would mean the corrupt frame was accepted.
        offender.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())))
        const closed = await closeOrFence(offender, () => offender.received.some(isSyncStep2))
        expect(closed, 'closed before answering the fence').not.toBeNull()
        expect(closed!.code).toBe(CloseCode.CorruptUpdate)
        expect(closed!.reason).toBe(CLOSE_REASONS.CorruptUpdate)
        // The detail is the operator's: in the log, beside the fixed reason.
        await waitFor(
          () =>
            logLines
              .slice(logged)
              .some((line) => line.includes('"connection closed"') && line.includes('"detail"')),
          'the close and its detail are logged',
        )
        const line = logLines.slice(logged).find((l) => l.includes('"connection closed"'))!
        const entry = JSON.parse(line) as { code: number; reason: string; detail?: unknown }
        expect(entry.code).toBe(CloseCode.CorruptUpdate)
        expect(entry.reason).toBe(CLOSE_REASONS.CorruptUpdate)
        expect(entry.detail).toEqual(expect.any(String))
        expect(entry.detail).not.toBe(CLOSE_REASONS.CorruptUpdate)
      })
    }
  }

  it('gives every close code a fixed reason that fits a close frame', () => {
    for (const [name, reason] of Object.entries(CLOSE_REASONS)) {
      expect(reason.length, name).toBeGreaterThan(0)
      expect(new TextEncoder().encode(reason).byteLength, name).toBeLessThanOrEqual(123)
    }
    expect(Object.keys(CLOSE_REASONS).sort()).toEqual(Object.keys(CloseCode).sort())
  })
})
