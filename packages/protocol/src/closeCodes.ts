/**
 * WebSocket close codes used by the relay. Every reason a connection is closed has its own
 * code, so a client (or an operator reading logs) can tell hostile input from a restart.
 *
 * 1000–1015 are the standard codes of RFC 6455; 4000–4999 are reserved for applications.
 * Codes in the 44xx range are final: a client should stop reconnecting and ask the user.
 * Every other code is retryable.
 */
export const CloseCode = {
  /** Normal closure, e.g. the client left. */
  Normal: 1000,
  /** The server is shutting down (SIGTERM); reconnect later. */
  ServiceRestart: 1012,
  /** The server hit an internal error with this document; reconnect and resync. */
  InternalError: 1011,
  /** A frame exceeded the configured size limit (sent by the WebSocket layer itself). */
  MessageTooBig: 1009,

  /** A frame was empty, truncated, or had trailing bytes. */
  MalformedMessage: 4000,
  /** A text frame arrived; the protocol is binary only. */
  TextFrame: 4001,
  /** The first varUint of a frame named no message type the relay knows. */
  UnknownMessageType: 4002,
  /** A Yjs update or state vector failed to decode or to apply. */
  CorruptUpdate: 4003,
  /** Decoding a Yjs update took longer than the configured limit (see yjs #479, #498, #687). */
  DecodeTimeout: 4004,
  /** An awareness update was malformed, held invalid JSON, or hostile keys such as `__proto__`. */
  InvalidAwareness: 4005,
  /** The document would grow past the configured size limit. */
  DocumentTooLarge: 4006,
  /** The connection sent more than its message or byte rate allows. */
  RateLimited: 4007,
  /** The client stopped reading and its outgoing buffer passed the cap. */
  SlowConsumer: 4008,
  /** The client answered neither pings nor data within the keepalive window. */
  Unresponsive: 4009,
  /** The server could not persist an update; reconnect and resync, nothing the client holds is lost. */
  StorageFailure: 4010,
  /** The client did not send any message before the pre-auth deadline, or authorisation took too long. */
  AuthTimeout: 4011,
  /** The connection's access grew (e.g. read to write); reconnect to sync with the new rights. */
  AccessChanged: 4012,
  /**
   * An update depends on changes the server does not hold (yjs would keep it pending). Reconnect:
   * the sync handshake then sends everything the server lacks, in order.
   */
  MissingDependencies: 4013,

  /** No valid session accompanied the request. Final. */
  Unauthorized: 4401,
  /** The session is valid but the access policy denies this document. Final. */
  Forbidden: 4403,
  /** The document name is not in canonical form. Final. */
  InvalidDocumentName: 4404,
  /** An update wrote a proposal in another delegation's name. Final. */
  AttributionRefused: 4422,
  /** An update nests types deeper, or holds more structs, than the relay takes. Final. */
  UpdateTooComplex: 4413,
  /** The client's editor schema version is not compatible with the server's. Final. */
  IncompatibleClient: 4426,
} as const

export type CloseCodeName = keyof typeof CloseCode
export type CloseCodeValue = (typeof CloseCode)[CloseCodeName]

/**
 * The fixed close reason of each code, sent where the cause is a library's own message (a Yjs
 * decode or apply error): such text describes the server's internals, not what the client should
 * do, so the relay logs it and sends this instead. Reasons fit a close frame (123 bytes).
 */
export const CLOSE_REASONS: Readonly<Record<CloseCodeName, string>> = {
  Normal: 'closed',
  ServiceRestart: 'the server is restarting; reconnect shortly',
  InternalError: 'internal error; reconnect to resync',
  MessageTooBig: 'the frame is over the size limit',
  MalformedMessage: 'malformed message',
  TextFrame: 'text frames are not part of the protocol',
  UnknownMessageType: 'unknown message type',
  CorruptUpdate: 'the update could not be decoded or applied',
  DecodeTimeout: 'the update took too long to decode',
  InvalidAwareness: 'malformed awareness update',
  DocumentTooLarge: 'the document would exceed its size limit',
  RateLimited: 'rate limit exceeded',
  SlowConsumer: 'the client stopped reading',
  Unresponsive: 'no answer within the keepalive window',
  StorageFailure: 'the server could not store the document; reconnect',
  AuthTimeout: 'authorisation took too long',
  AccessChanged: 'your access changed; reconnect',
  MissingDependencies: 'the update depends on changes the server does not hold; reconnect',
  Unauthorized: 'no valid session',
  Forbidden: 'access denied',
  InvalidDocumentName: 'invalid document name',
  AttributionRefused: 'the update was refused',
  UpdateTooComplex: 'the update is too complex',
  IncompatibleClient: 'this client is not compatible with the server; update it',
}

const namesByCode = new Map<number, CloseCodeName>(
  Object.entries(CloseCode).map(([name, code]) => [code, name as CloseCodeName]),
)

/** The constant's name for a close code, for logs and error messages. */
export function closeCodeName(code: number): CloseCodeName | undefined {
  return namesByCode.get(code)
}

/** Whether a client should stop reconnecting after this close code. */
export function isFinalCloseCode(code: number): boolean {
  return code >= 4400 && code < 4500
}
