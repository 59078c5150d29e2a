/**
 * The few y-websocket messages the tests build by hand, for clients that send what a stock
 * provider would not (other clients' awareness ids). Encoded with lib0's varUint/varString
 * layout, which packages/client does not depend on.
 */

function varUint(value: number): number[] {
  const bytes: number[] = []
  let rest = value
  while (rest > 0x7f) {
    bytes.push(0x80 | (rest & 0x7f))
    rest = Math.floor(rest / 128)
  }
  bytes.push(rest)
  return bytes
}

function varBytes(bytes: Uint8Array): number[] {
  return [...varUint(bytes.byteLength), ...bytes]
}

/** One entry of an awareness update; a null state removes the client. */
export interface AwarenessEntry {
  readonly clientId: number
  readonly clock: number
  readonly state: Record<string, unknown> | null
}

/** An awareness message (type 1) carrying `entries`. */
export function awarenessFrame(entries: readonly AwarenessEntry[]): Uint8Array {
  const update: number[] = [...varUint(entries.length)]
  for (const entry of entries) {
    update.push(
      ...varUint(entry.clientId),
      ...varUint(entry.clock),
      ...varBytes(new TextEncoder().encode(JSON.stringify(entry.state))),
    )
  }
  return new Uint8Array([1, ...varBytes(new Uint8Array(update))])
}

/** Sync step 1 with an empty state vector: "send me the whole document". */
export const SYNC_STEP1_EMPTY = new Uint8Array([0, 0, 1, 0])

/** Query-awareness: "send me every awareness state". */
export const QUERY_AWARENESS = new Uint8Array([3])
