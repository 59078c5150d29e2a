import type * as Y from 'yjs'

/**
 * Makes a Y.Map hold exactly `entries`, touching only what differs. Mirrors are rewritten from
 * SQL after every command; writing unchanged entries again would grow the document and wake
 * every client for nothing. Entries are keyed by id (never an array: a rebuilt array would
 * duplicate entries in clients that hold the old one).
 */
export function syncMap(map: Y.Map<unknown>, entries: ReadonlyMap<string, unknown>): void {
  for (const key of [...map.keys()]) {
    if (!entries.has(key)) map.delete(key)
  }
  for (const [key, value] of entries) {
    if (JSON.stringify(map.get(key)) !== JSON.stringify(value)) map.set(key, value)
  }
}
