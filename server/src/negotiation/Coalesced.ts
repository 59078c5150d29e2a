/**
 * Work that may be asked for more often than it can run, where one run covers every request
 * made before it started: at most one run per key is in flight, and the requests made while it
 * runs share a single next run. The work never grows into a chain of one run per request.
 */
export class Coalesced {
  readonly #running = new Map<string, Promise<void>>()
  readonly #queued = new Map<string, Promise<void>>()

  /** Runs `task` for `key` now, or once after the run in flight; resolves when it has run. */
  run(key: string, task: () => Promise<void>): Promise<void> {
    const queued = this.#queued.get(key)
    if (queued) return queued
    const running = this.#running.get(key)
    if (!running) return this.#start(key, task)
    const next = running
      .catch(() => {})
      .then(() => {
        this.#queued.delete(key)
        return this.#start(key, task)
      })
    this.#queued.set(key, next)
    return next
  }

  /** Resolves once nothing is in flight or queued for `key`. */
  async idle(key: string): Promise<void> {
    for (;;) {
      const pending = this.#queued.get(key) ?? this.#running.get(key)
      if (!pending) return
      await pending.catch(() => {})
    }
  }

  #start(key: string, task: () => Promise<void>): Promise<void> {
    const run = task()
    this.#running.set(key, run)
    run
      .catch(() => {})
      .finally(() => {
        if (this.#running.get(key) === run) this.#running.delete(key)
      })
    return run
  }
}
