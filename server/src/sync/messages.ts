import { CloseCode, MessageType, SyncMessageType } from '@accord/protocol'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { RelayError } from './RelayError.js'

/** A message a client sent, decoded from one binary frame. */
export type ClientMessage =
  | { readonly kind: 'sync-step1'; readonly stateVector: Uint8Array }
  | { readonly kind: 'sync-step2'; readonly update: Uint8Array }
  | { readonly kind: 'sync-update'; readonly update: Uint8Array }
  | { readonly kind: 'awareness'; readonly update: Uint8Array }
  | { readonly kind: 'query-awareness' }

/**
 * Decodes one frame. The frame must hold exactly one message: a truncated frame, or one with
 * bytes after its message, is malformed (stock clients read only the first message of a frame,
 * so a second one would be silently lost).
 */
export function parseClientMessage(frame: Uint8Array): ClientMessage {
  if (frame.byteLength === 0) throw new RelayError(CloseCode.MalformedMessage, 'empty frame')
  const decoder = decoding.createDecoder(frame)
  let message: ClientMessage
  try {
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MessageType.Sync: {
        const syncType = decoding.readVarUint(decoder)
        const payload = decoding.readVarUint8Array(decoder)
        if (syncType === SyncMessageType.Step1)
          message = { kind: 'sync-step1', stateVector: payload }
        else if (syncType === SyncMessageType.Step2)
          message = { kind: 'sync-step2', update: payload }
        else if (syncType === SyncMessageType.Update)
          message = { kind: 'sync-update', update: payload }
        else
          throw new RelayError(
            CloseCode.UnknownMessageType,
            `unknown sync message type ${syncType}`,
          )
        break
      }
      case MessageType.Awareness:
        message = { kind: 'awareness', update: decoding.readVarUint8Array(decoder) }
        break
      case MessageType.QueryAwareness:
        message = { kind: 'query-awareness' }
        break
      default:
        throw new RelayError(CloseCode.UnknownMessageType, `unknown message type ${type}`)
    }
  } catch (error) {
    if (error instanceof RelayError) throw error
    throw new RelayError(CloseCode.MalformedMessage, 'truncated or malformed frame')
  }
  if (decoding.hasContent(decoder)) {
    throw new RelayError(CloseCode.MalformedMessage, 'trailing bytes after the message')
  }
  return message
}

function syncMessage(syncType: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Sync)
  encoding.writeVarUint(encoder, syncType)
  encoding.writeVarUint8Array(encoder, payload)
  return encoding.toUint8Array(encoder)
}

/** Sync step 1: the sender's state vector, asking for what it lacks. */
export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array {
  return syncMessage(SyncMessageType.Step1, stateVector)
}

/** Sync step 2: the update that answers a state vector. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  return syncMessage(SyncMessageType.Step2, update)
}

/** A live document update. */
export function encodeSyncUpdate(update: Uint8Array): Uint8Array {
  return syncMessage(SyncMessageType.Update, update)
}

/** An awareness update. */
export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MessageType.Awareness)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/**
 * An awareness update that changes no state. Stock y-websocket clients drop a socket that has
 * been silent for 30 s; the relay sends this to connections it has had nothing else to send to.
 */
export const KEEPALIVE_MESSAGE: Uint8Array = encodeAwarenessMessage(new Uint8Array([0]))
