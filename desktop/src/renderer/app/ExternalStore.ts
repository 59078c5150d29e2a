/**
 * A value that lives outside React and that components read with `useSyncExternalStore`. The
 * snapshot is replaced, never mutated, so React can tell when it changed.
 */
export class ExternalStore<T> {
  #value: T
  readonly #listeners = new Set<() => void>()

  constructor(initial: T) {
    this.#value = initial
  }

  /** The current snapshot. */
  get = (): T => this.#value

  /** Replaces the snapshot and tells every subscriber. */
  set(value: T): void {
    if (Object.is(value, this.#value)) return
    this.#value = value
    for (const listener of [...this.#listeners]) listener()
  }

  /** Subscribes; returns the unsubscribe function (the shape `useSyncExternalStore` wants). */
  subscribe = (listener: () => void): (() => void) => {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }
}
