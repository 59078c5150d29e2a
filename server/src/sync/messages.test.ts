import { CloseCode } from '@accord/protocol'
import { describe, expect, it } from 'vitest'
import { decodeAwarenessUpdate, encodeAwarenessUpdate } from './awarenessUpdate.js'
import {
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  KEEPALIVE_MESSAGE,
  parseClientMessage,
} from './messages.js'
import { RelayError } from './RelayError.js'

function closeCodeOf(run: () => unknown): number | undefined {
  try {
    run()
  } catch (error) {
    if (error instanceof RelayError) return error.code
    throw error
  }
  return undefined
}

describe('one frame holds exactly one message', () => {
  const payload = new Uint8Array([7, 8, 9])

  it('round-trips every message the relay accepts', () => {
    expect(parseClientMessage(encodeSyncStep1(payload))).toEqual({
      kind: 'sync-step1',
      stateVector: payload,
    })
    expect(parseClientMessage(encodeSyncStep2(payload))).toEqual({
      kind: 'sync-step2',
      update: payload,
    })
    expect(parseClientMessage(encodeSyncUpdate(payload))).toEqual({
      kind: 'sync-update',
      update: payload,
    })
    expect(parseClientMessage(encodeAwarenessMessage(payload))).toEqual({
      kind: 'awareness',
      update: payload,
    })
    expect(parseClientMessage(new Uint8Array([3]))).toEqual({ kind: 'query-awareness' })
  })

  it.each([
    ['empty', [], CloseCode.MalformedMessage],
    ['truncated payload', [0, 2, 5, 1], CloseCode.MalformedMessage],
    ['missing sync sub-type', [0], CloseCode.MalformedMessage],
    ['unterminated varUint', [0x80], CloseCode.MalformedMessage],
    ['trailing bytes', [3, 0], CloseCode.MalformedMessage],
    ['unknown type', [9], CloseCode.UnknownMessageType],
    ['auth from a client', [2, 0], CloseCode.UnknownMessageType],
    ['unknown sync sub-type', [0, 7, 0], CloseCode.UnknownMessageType],
  ])('closes on a %s frame', (_name, bytes, code) => {
    expect(closeCodeOf(() => parseClientMessage(new Uint8Array(bytes)))).toBe(code)
  })

  it('keeps the keepalive an awareness update that changes nothing', () => {
    const message = parseClientMessage(KEEPALIVE_MESSAGE)
    expect(message.kind).toBe('awareness')
    if (message.kind === 'awareness') expect(decodeAwarenessUpdate(message.update)).toEqual([])
  })
})

describe('awareness updates are decoded strictly', () => {
  it('round-trips entries', () => {
    const entries = [
      { clientId: 1, clock: 3, state: { user: { name: 'JPN' } } },
      { clientId: 4294967295, clock: 1, state: null },
    ]
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries)
  })

  function rawEntry(json: string): Uint8Array {
    const text = new TextEncoder().encode(json)
    return new Uint8Array([1, 5, 1, text.length, ...text])
  }

  it.each([
    ['invalid JSON', rawEntry('{')],
    ['an array state', rawEntry('[1]')],
    ['a number state', rawEntry('42')],
    ['a __proto__ key', rawEntry('{"__proto__":{"polluted":1}}')],
    ['a nested __proto__ key', rawEntry('{"user":{"__proto__":{"polluted":1}}}')],
    ['truncated bytes', new Uint8Array([1, 5])],
    ['trailing bytes', new Uint8Array([...rawEntry('{}'), 0])],
  ])('rejects %s', (_name, update) => {
    expect(closeCodeOf(() => decodeAwarenessUpdate(update))).toBe(CloseCode.InvalidAwareness)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
