import { type TestClient, waitFor } from '@accord/server/testing'
import { expect } from 'vitest'
import type * as Y from 'yjs'

/** Results of commands reach connected members within this bound (issue 4, "Commands and live state"). */
export const DELIVERY_BOUND_MS = 1_000

/** A server-written mirror map as one member's provider holds it, with the changes it received. */
export interface MirrorWatch {
  readonly map: Y.Map<unknown>
  /**
   * Runs the REST `command`, then requires `holds` to become true of the map within
   * {@link DELIVERY_BOUND_MS} of the command's start, through a change the provider applied from
   * the relay: the test clients never poll (y-websocket's `resyncInterval` is off), so the
   * change was pushed by the server.
   */
  after<T>(
    command: () => Promise<T>,
    holds: (map: Y.Map<unknown>) => boolean,
    what: string,
  ): Promise<T>
}

/** Watches the map `name` of `client`'s document. */
export function watchMirror(client: TestClient, name: string): MirrorWatch {
  const map = client.doc.getMap(name)
  let pushed = 0
  map.observe((event) => {
    if (event.transaction.origin === client.provider) pushed += 1
  })
  return {
    map,
    async after(command, holds, what) {
      const start = performance.now()
      const pushedBefore = pushed
      const result = await command()
      const left = DELIVERY_BOUND_MS - (performance.now() - start)
      await waitFor(() => holds(map), `${what} (within ${DELIVERY_BOUND_MS} ms)`, Math.max(0, left))
      expect(pushed, `${what}: pushed by the relay`).toBeGreaterThan(pushedBefore)
      return result
    },
  }
}
