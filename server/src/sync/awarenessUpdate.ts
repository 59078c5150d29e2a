import { CloseCode } from '@accord/protocol'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { RelayError } from './RelayError.js'

/** One client's entry in an awareness update. `state` is null when the client leaves. */
export interface AwarenessEntry {
  readonly clientId: number
  readonly clock: number
  readonly state: Record<string, unknown> | null
}

const MAX_CLIENT_ID = 0xffff_ffff

/** Rejects `__proto__` keys anywhere in awareness JSON: they are only ever an attack. */
function rejectHostileKeys(key: string, value: unknown): unknown {
  if (key === '__proto__')
    throw new RelayError(CloseCode.InvalidAwareness, 'awareness holds a __proto__ key')
  return value
}

/** Decodes an awareness update strictly: any malformed entry rejects the whole update. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update)
  const entries: AwarenessEntry[] = []
  try {
    const count = decoding.readVarUint(decoder)
    for (let i = 0; i < count; i++) {
      const clientId = decoding.readVarUint(decoder)
      const clock = decoding.readVarUint(decoder)
      const json = decoding.readVarString(decoder)
      if (
        !Number.isSafeInteger(clientId) ||
        clientId > MAX_CLIENT_ID ||
        !Number.isSafeInteger(clock)
      ) {
        throw new RelayError(
          CloseCode.InvalidAwareness,
          'awareness client id or clock out of range',
        )
      }
      const state: unknown = JSON.parse(json, rejectHostileKeys)
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) {
        throw new RelayError(CloseCode.InvalidAwareness, 'awareness state is not an object or null')
      }
      entries.push({ clientId, clock, state: state as Record<string, unknown> | null })
    }
  } catch (error) {
    if (error instanceof RelayError) throw error
    throw new RelayError(CloseCode.InvalidAwareness, 'malformed awareness update')
  }
  if (decoding.hasContent(decoder)) {
    throw new RelayError(CloseCode.InvalidAwareness, 'trailing bytes after the awareness update')
  }
  return entries
}

/** Encodes awareness entries in the y-protocols format. */
export function encodeAwarenessUpdate(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, JSON.stringify(entry.state))
  }
  return encoding.toUint8Array(encoder)
}
