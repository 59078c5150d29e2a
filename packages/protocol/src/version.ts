/** The version of the relay protocol. Bumped only when the wire format changes incompatibly. */
export const PROTOCOL_VERSION = 1
