import type { Socket } from 'node:net'
import { MessageType, SyncMessageType } from '@accord/protocol'
import * as encoding from 'lib0/encoding'
import type WebSocket from 'ws'
import * as Y from 'yjs'
import type { RunningServer } from '../src/server.js'
import { encodeAwarenessMessage } from '../src/sync/messages.js'
import { connectClient, synced, type TestClient, waitFor, wsBase } from './helpers.js'
import type { RawClient } from './rawClient.js'

/** One raw awareness entry; `json` is sent verbatim, so it may be anything a hostile client sends. */
export interface RawAwarenessEntry {
  readonly clientId: number
  readonly clock: number
  readonly json: string
}

/** The bytes of an awareness update (y-protocols layout) with verbatim JSON strings. */
export function rawAwarenessUpdate(entries: readonly RawAwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const entry of entries) {
    encoding.writeVarUint(encoder, entry.clientId)
    encoding.writeVarUint(encoder, entry.clock)
    encoding.writeVarString(encoder, entry.json)
  }
  return encoding.toUint8Array(encoder)
}

/** A complete awareness message frame around `rawAwarenessUpdate(entries)`. */
export function rawAwarenessFrame(entries: readonly RawAwarenessEntry[]): Uint8Array {
  return encodeAwarenessMessage(rawAwarenessUpdate(entries))
}

/** A query-awareness frame: the message type alone. */
export const QUERY_AWARENESS_FRAME = new Uint8Array([MessageType.QueryAwareness])

/** Whether a frame the relay sent is a sync step 2, i.e. the answer to a step 1. */
export function isSyncStep2(frame: Uint8Array): boolean {
  return frame[0] === MessageType.Sync && frame[1] === SyncMessageType.Step2
}

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.byteLength === b.byteLength && a.every((byte, i) => byte === b[i])
}

/**
 * The TCP socket under a `ws` client, taken from its upgrade response. Call it right after
 * creating the client: the upgrade completes asynchronously, so the listener is never late.
 * Tests pause this socket to play a client that stopped reading.
 */
export function tcpSocketOf(socket: WebSocket): Promise<Socket> {
  return new Promise((resolve) => {
    socket.once('upgrade', (response) => resolve(response.socket))
  })
}

/** Resolves once the raw client got its first frame, i.e. the relay opened the connection. */
export function openedByRelay(client: RawClient, timeoutMs = 10_000): Promise<void> {
  return waitFor(() => client.received.length > 0, 'the relay opened the raw connection', timeoutMs)
}

/**
 * Resolves with the close the raw client saw, or with null once `fenced()` holds while the socket
 * is still open. Fails after `timeoutMs` if neither happened.
 */
export async function closeOrFence(
  client: RawClient,
  fenced: () => boolean,
  timeoutMs = 10_000,
): Promise<{ code: number; reason: string } | null> {
  const seen: { close: { code: number; reason: string } | null } = { close: null }
  void client.closed.then((close) => {
    seen.close = close
  })
  await waitFor(() => seen.close !== null || fenced(), 'a close or the fence', timeoutMs)
  return seen.close
}

/** A Y.Doc update inserting `text` at the start of the shared text `text`. */
export function textInsertUpdate(text: string, clientID = 1): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientID
  doc.getText('text').insert(0, text)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** A stock provider that counts how often its socket was closed under it. */
export interface WatchedClient extends TestClient {
  readonly name: string
  closes(): number
}

/** Connects a stock provider and counts its `connection-close` events. */
export function watchedClient(server: RunningServer, documentName: string): WatchedClient {
  const client = connectClient(wsBase(server), documentName)
  let closes = 0
  client.provider.on('connection-close', () => {
    closes += 1
  })
  return { ...client, name: documentName, closes: () => closes }
}

/**
 * Stock providers that must not notice hostile clients: two on one document, one on another.
 * `proveSyncing` makes each of them edit and checks that the edit reached a peer.
 */
export class Bystanders {
  readonly sameA: WatchedClient
  readonly sameB: WatchedClient
  readonly other: WatchedClient
  #round = 0

  constructor(
    readonly server: RunningServer,
    readonly documentName: string,
    readonly otherDocumentName: string,
  ) {
    this.sameA = watchedClient(server, documentName)
    this.sameB = watchedClient(server, documentName)
    this.other = watchedClient(server, otherDocumentName)
  }

  get all(): WatchedClient[] {
    return [this.sameA, this.sameB, this.other]
  }

  /** Resolves once every bystander completed its first sync. */
  async ready(): Promise<void> {
    await Promise.all(this.all.map((client) => synced(client)))
  }

  /** How many times any bystander's socket was closed. */
  closes(): number {
    return this.all.reduce((sum, client) => sum + client.closes(), 0)
  }

  /**
   * Both providers on the shared document edit and see each other's edit; the provider alone on
   * the other document edits, and a fresh provider on that document receives the edit.
   */
  async proveSyncing(): Promise<void> {
    this.#round += 1
    const tag = `[round ${this.#round}]`
    const a = this.sameA.doc.getMap('map')
    const b = this.sameB.doc.getMap('map')
    a.set(`a${this.#round}`, tag)
    b.set(`b${this.#round}`, tag)
    await waitFor(
      () => b.get(`a${this.#round}`) === tag && a.get(`b${this.#round}`) === tag,
      `bystanders on ${this.documentName} exchange edits in ${tag}`,
    )
    this.other.doc.getMap('map').set(`o${this.#round}`, tag)
    const openBefore = this.server.relay.stats().open
    const checker = connectClient(wsBase(this.server), this.otherDocumentName)
    try {
      await waitFor(
        () => checker.doc.getMap('map').get(`o${this.#round}`) === tag,
        `the bystander on ${this.otherDocumentName} still reaches the relay in ${tag}`,
      )
    } finally {
      checker.destroy()
    }
    // Wait until the relay counted the checker's own close, so callers can diff close counters.
    await waitFor(
      () => this.server.relay.stats().open === openBefore,
      'the relay saw the checker leave',
    )
  }

  destroy(): void {
    for (const client of this.all) client.destroy()
  }
}

/** The difference between two snapshots of `relay.stats().closes`, keeping only non-zero entries. */
export function closesSince(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  const diff: Record<string, number> = {}
  for (const [name, count] of Object.entries(after)) {
    const delta = count - (before[name] ?? 0)
    if (delta !== 0) diff[name] = delta
  }
  return diff
}

/** How many closes a `closesSince` difference holds, whatever their codes. */
export function closeCount(diff: Record<string, number>): number {
  return Object.values(diff).reduce((sum, count) => sum + count, 0)
}
