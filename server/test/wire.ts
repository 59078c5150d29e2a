import { randomBytes } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import type { Socket } from 'node:net'
import { encodeSyncStep1 } from '../src/sync/messages.js'

/** Sync step 1 with an empty state vector: "send me everything". */
const SYNC_STEP1_EMPTY = encodeSyncStep1(new Uint8Array([0]))
/** Query-awareness: "send me every presence". */
const QUERY_AWARENESS = new Uint8Array([3])

/** A WebSocket frame read off the wire. */
export interface WireFrame {
  readonly opcode: number
  readonly payload: Buffer
}

/** What came back for one upgrade request sent byte for byte. */
export interface WireClient {
  /** The HTTP status of the answer (101 when the upgrade was accepted). */
  readonly status: Promise<number>
  /** Every frame the server sent, control frames included. */
  readonly frames: WireFrame[]
  /** The close code of the server's close frame; null when the socket ended without one. */
  readonly closed: Promise<number | null>
  /** Sends one masked binary frame (clients must mask). */
  send(payload: Uint8Array): void
  destroy(): void
}

export const OPCODE_BINARY = 0x2
export const OPCODE_CLOSE = 0x8

function maskedFrame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.byteLength
  let header: Buffer
  if (length < 126) {
    header = Buffer.from([0x80 | opcode, 0x80 | length])
  } else if (length < 65_536) {
    header = Buffer.alloc(4)
    header[0] = 0x80 | opcode
    header[1] = 0x80 | 126
    header.writeUInt16BE(length, 2)
  } else {
    header = Buffer.alloc(10)
    header[0] = 0x80 | opcode
    header[1] = 0x80 | 127
    header.writeBigUInt64BE(BigInt(length), 2)
  }
  const mask = randomBytes(4)
  const body = Buffer.alloc(length)
  for (let i = 0; i < length; i++) body[i] = payload[i]! ^ mask[i % 4]!
  return Buffer.concat([header, mask, body])
}

/**
 * Sends a WebSocket upgrade with exactly `target` as the request target. The `ws` client and
 * WHATWG URL parsing resolve `.`, `..` and `%2e%2e` segments before sending, so the relay would
 * never see them; node:http sends the path untouched. Server frames are parsed here.
 */
export function wireUpgrade(
  port: number,
  target: string,
  headers: Record<string, string> = {},
): WireClient {
  const frames: WireFrame[] = []
  let socket: Socket | null = null
  const queued: Buffer[] = []
  let resolveStatus!: (status: number) => void
  let resolveClosed!: (code: number | null) => void
  const status = new Promise<number>((resolve) => {
    resolveStatus = resolve
  })
  const closed = new Promise<number | null>((resolve) => {
    resolveClosed = resolve
  })
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    path: target,
    headers: {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      ...headers,
    },
  })
  req.on('response', (res) => {
    resolveStatus(res.statusCode ?? 0)
    resolveClosed(null)
    res.resume()
  })
  req.on('error', () => {
    resolveStatus(0)
    resolveClosed(null)
  })
  req.on('upgrade', (res, upgraded, head) => {
    resolveStatus(res.statusCode ?? 0)
    socket = upgraded
    for (const frame of queued.splice(0)) upgraded.write(frame)
    let buffer = Buffer.from(head)
    const parse = () => {
      for (;;) {
        if (buffer.length < 2) return
        const opcode = buffer[0]! & 0x0f
        let length = buffer[1]! & 0x7f
        let offset = 2
        if (length === 126) {
          if (buffer.length < 4) return
          length = buffer.readUInt16BE(2)
          offset = 4
        } else if (length === 127) {
          if (buffer.length < 10) return
          length = Number(buffer.readBigUInt64BE(2))
          offset = 10
        }
        if (buffer.length < offset + length) return
        const payload = buffer.subarray(offset, offset + length)
        buffer = buffer.subarray(offset + length)
        frames.push({ opcode, payload })
        if (opcode === OPCODE_CLOSE) {
          resolveClosed(payload.length >= 2 ? payload.readUInt16BE(0) : null)
        }
      }
    }
    parse()
    upgraded.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk])
      parse()
    })
    upgraded.on('close', () => resolveClosed(null))
    upgraded.on('error', () => resolveClosed(null))
  })
  req.end()
  // A server that never closes fails the test with a null code instead of hanging it.
  setTimeout(() => resolveClosed(null), 5_000).unref()
  return {
    status,
    frames,
    closed,
    send(payload) {
      const frame = maskedFrame(OPCODE_BINARY, payload)
      if (socket) socket.write(frame)
      else queued.push(frame)
    },
    destroy() {
      socket?.destroy()
      req.destroy()
    },
  }
}

/** The answer to one relay probe. */
export interface ProbeResult {
  /** HTTP status of the upgrade: 101 when accepted. */
  readonly status: number
  /** The close code the server sent; null when none came (or the socket was still open). */
  readonly code: number | null
  /** Binary frames received: protocol messages, i.e. document or awareness bytes. */
  readonly binaryFrames: number
  /** Bytes of those frames. */
  readonly binaryBytes: number
  /** Those frames' payloads, concatenated. */
  readonly payload: Buffer
  /** Whether the connection was still open when the probe stopped. */
  readonly open: boolean
}

/**
 * y-websocket sync step 1 with an empty state vector ("send me everything") and a
 * query-awareness message: what a reader that is granted access would answer at once.
 */
export const ASK_FOR_EVERYTHING = [SYNC_STEP1_EMPTY, QUERY_AWARENESS] as const

/**
 * Opens the relay at exactly `target`, asks for the whole document and every awareness state,
 * and reports how the server answered. The probe stops when the server closes, when a binary
 * frame arrives (access was granted, or something leaked; `minFrames` of them when the caller
 * wants to read the answers), or after `timeoutMs`.
 */
export async function probeRelay(
  port: number,
  target: string,
  {
    headers = {},
    timeoutMs = 5_000,
    minFrames = 1,
  }: { headers?: Record<string, string>; timeoutMs?: number; minFrames?: number } = {},
): Promise<ProbeResult> {
  const client = wireUpgrade(port, target, headers)
  for (const message of ASK_FOR_EVERYTHING) client.send(message)
  const status = await client.status
  let code: number | null = null
  let closed = false
  void client.closed.then((c) => {
    code = c
    closed = true
  })
  const binary = () => client.frames.filter((frame) => frame.opcode === OPCODE_BINARY)
  const deadline = Date.now() + timeoutMs
  while (!closed && binary().length < minFrames && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  client.destroy()
  const frames = binary()
  return {
    status,
    code,
    binaryFrames: frames.length,
    binaryBytes: frames.reduce((sum, frame) => sum + frame.payload.length, 0),
    payload: Buffer.concat(frames.map((frame) => frame.payload)),
    open: !closed,
  }
}
