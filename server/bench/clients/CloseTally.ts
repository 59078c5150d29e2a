/** Counts closes a client did not ask for, by close code; closes after `destroy` are ignored. */
export class CloseTally {
  readonly counts = new Map<number, number>()
  #destroyed = false

  record(code: number | undefined): void {
    if (this.#destroyed) return
    const key = code ?? 0
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1)
  }

  /** Marks the client as closing on purpose. */
  destroyed(): void {
    this.#destroyed = true
  }
}
