/**
 * The y-websocket wire protocol: each binary frame holds exactly one message, which starts with
 * a varUint message type. The sync sub-protocol's own first varUint follows a `Sync` type.
 */
export const MessageType = {
  Sync: 0,
  Awareness: 1,
  Auth: 2,
  QueryAwareness: 3,
} as const

/** Sub-types of a `Sync` message (y-protocols/sync). */
export const SyncMessageType = {
  Step1: 0,
  Step2: 1,
  Update: 2,
} as const
