import WebSocket from 'ws'

/** A raw WebSocket client for tests that must send what no stock client would. */
export interface RawClient {
  readonly socket: WebSocket
  /** Every binary frame received, in order. */
  readonly received: Uint8Array[]
  /** Total bytes received. */
  receivedBytes(): number
  /** Resolves with the close code (and reason) once the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>
  /** Resolves when the socket is open; rejects if the upgrade is refused. */
  readonly opened: Promise<void>
  send(frame: Uint8Array | string): void
  close(): void
}

/** Opens a raw WebSocket to `url`. */
export function rawClient(url: string, options: WebSocket.ClientOptions = {}): RawClient {
  const socket = new WebSocket(url, options)
  socket.binaryType = 'nodebuffer'
  const received: Uint8Array[] = []
  socket.on('message', (data: Buffer, isBinary: boolean) => {
    if (isBinary) received.push(new Uint8Array(data))
  })
  const opened = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve())
    socket.once('unexpected-response', (_req, res) =>
      reject(new Error(`upgrade refused: ${res.statusCode}`)),
    )
    socket.once('error', reject)
  })
  opened.catch(() => {})
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  return {
    socket,
    received,
    receivedBytes: () => received.reduce((sum, frame) => sum + frame.byteLength, 0),
    closed,
    opened,
    send: (frame) => socket.send(frame),
    close: () => socket.close(),
  }
}
