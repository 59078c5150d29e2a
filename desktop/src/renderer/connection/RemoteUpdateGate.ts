import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { WebsocketProvider } from 'y-websocket'
import { ExternalStore } from '../app/ExternalStore'

const MESSAGE_SYNC = 0
const SYNC_UPDATE = 2
/** A composition that never ends (the window lost focus mid-word) must not hold updates forever. */
const MAX_PAUSE_MS = 15_000

type Handler = WebsocketProvider['messageHandlers'][number]

/**
 * Holds back other people's updates to a document while this user composes text with an input
 * method. y-prosemirror re-renders every paragraph a remote update touches, and a paragraph
 * re-rendered under an open composition loses or splits it (TipTap #5250, #2778). Held updates
 * are applied, in order, as soon as the composition ends; Yjs merges them as if they had just
 * arrived. Only live updates are held: the sync handshake (step 1 and 2) passes, so a reconnect
 * mid-word still completes. Local edits are sent as always, so nobody else waits.
 */
export class RemoteUpdateGate {
  /** How many updates are held right now (shown, so a long composition is not a mystery). */
  readonly held = new ExternalStore(0)
  readonly #provider: WebsocketProvider
  readonly #original: Handler
  #paused = false
  #held: Uint8Array[] = []
  #timer: ReturnType<typeof setTimeout> | null = null

  constructor(provider: WebsocketProvider) {
    this.#provider = provider
    this.#original = provider.messageHandlers[MESSAGE_SYNC]!
    provider.messageHandlers[MESSAGE_SYNC] = (encoder, decoder, ...rest) => {
      if (this.#paused) {
        const peek = decoding.clone(decoder)
        if (decoding.readVarUint(peek) === SYNC_UPDATE) {
          // The rest of the frame is the sync message; keep a copy and consume it.
          this.#held.push(decoder.arr.slice(decoder.pos))
          this.held.set(this.#held.length)
          decoder.pos = decoder.arr.length
          encoding.writeVarUint(encoder, MESSAGE_SYNC)
          return
        }
      }
      this.#original(encoder, decoder, ...rest)
    }
  }

  /** Whether remote updates are being held. */
  get paused(): boolean {
    return this.#paused
  }

  /** Starts holding remote updates (compositionstart). */
  pause(): void {
    this.#paused = true
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = setTimeout(() => this.resume(), MAX_PAUSE_MS)
  }

  /** Applies what was held, in arrival order, and lets updates through again (compositionend). */
  resume(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = null
    this.#paused = false
    const held = this.#held
    this.#held = []
    this.held.set(0)
    for (const message of held) {
      // An update needs no reply; the encoder only satisfies the handler's signature.
      this.#original(
        encoding.createEncoder(),
        decoding.createDecoder(message),
        this.#provider,
        true,
        MESSAGE_SYNC,
      )
    }
  }
}
