import type { BenchClient } from './BenchClient.js'

/**
 * Creates `count` clients, `batch` at a time, each batch waiting until its clients are ready.
 * Clients are pushed into `into` as they are created, so that the caller can destroy them
 * all even when connecting fails. Returns how long connecting took, in milliseconds.
 */
export async function connectAll(
  into: BenchClient[],
  count: number,
  batch: number,
  create: (index: number) => BenchClient,
  timeoutMs = 60_000,
): Promise<number> {
  const started = performance.now()
  for (let first = 0; first < count; first += batch) {
    const pending: Promise<void>[] = []
    for (let index = first; index < Math.min(count, first + batch); index++) {
      const client = create(index)
      into.push(client)
      pending.push(client.ready)
    }
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new Error(
              `clients ${first}..${first + pending.length - 1} not ready in ${timeoutMs} ms`,
            ),
          ),
        timeoutMs,
      )
    })
    try {
      await Promise.race([Promise.all(pending), timeout])
    } finally {
      clearTimeout(timer)
    }
  }
  return performance.now() - started
}
