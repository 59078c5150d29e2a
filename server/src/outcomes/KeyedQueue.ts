/**
 * Runs tasks of one key one after another (tasks of different keys run freely). Appending to a
 * hash chain reads the head and writes the next link: two appends of one declaration at once
 * would both cite the same head.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>()

  /** Runs `task` after every task queued before it under `key`. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve()
    const next = previous.then(task, task)
    const settled = next.catch(() => {})
    this.#tails.set(key, settled)
    void settled.then(() => {
      if (this.#tails.get(key) === settled) this.#tails.delete(key)
    })
    return next
  }

  /** Resolves once every queued task has settled. */
  async drain(): Promise<void> {
    await Promise.all(this.#tails.values())
  }
}
