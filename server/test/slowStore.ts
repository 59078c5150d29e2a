import type { DocumentStore, StoredDocument } from '../src/storage/DocumentStore.js'

/**
 * A decorator around a real store that makes `load` slow (and, on demand, failing or held until
 * released), can hold compactions, and records when each load was called and settled. Everything else is forwarded
 * untouched, so the relay still persists to real SQLite.
 */
export class SlowStore implements DocumentStore {
  /** How many times `load` was called, per document name. */
  readonly loadCalls = new Map<string, number>()
  /** `performance.now()` when each load call resolved or rejected, in order. */
  readonly loadSettledAt: number[] = []
  /** While true, `load` waits its delay and then throws instead of loading. */
  failLoads = false
  /** Called just before a load resolves: tests take their "nothing sent yet" snapshot here. */
  onLoadSettling: (() => void) | null = null
  /** How many times `compact` was called. */
  compactCalls = 0
  #held: Promise<void> | null = null
  #release: (() => void) | null = null
  #compactHeld: Promise<void> | null = null
  #compactRelease: (() => void) | null = null

  constructor(
    readonly inner: DocumentStore,
    readonly loadDelayMs = 500,
  ) {}

  /** Total `load` calls over every document. */
  get totalLoads(): number {
    let total = 0
    for (const count of this.loadCalls.values()) total += count
    return total
  }

  /** Makes loads wait until `release()` (after their delay), so a test decides when they finish. */
  hold(): void {
    this.#held ??= new Promise((resolve) => {
      this.#release = resolve
    })
  }

  /** Lets held loads finish. */
  release(): void {
    this.#release?.()
    this.#held = null
    this.#release = null
  }

  /** Makes compactions wait until `releaseCompaction()`. */
  holdCompaction(): void {
    this.#compactHeld ??= new Promise((resolve) => {
      this.#compactRelease = resolve
    })
  }

  /** Lets held compactions finish. */
  releaseCompaction(): void {
    this.#compactRelease?.()
    this.#compactHeld = null
    this.#compactRelease = null
  }

  async load(name: string): Promise<StoredDocument> {
    this.loadCalls.set(name, (this.loadCalls.get(name) ?? 0) + 1)
    await new Promise((resolve) => setTimeout(resolve, this.loadDelayMs))
    if (this.#held) await this.#held
    try {
      if (this.failLoads) throw new Error(`injected load failure for ${name}`)
      return await this.inner.load(name)
    } finally {
      this.onLoadSettling?.()
      this.loadSettledAt.push(performance.now())
    }
  }

  /** How many times `append` was called. */
  appendCalls = 0
  #appendHeld: Promise<void> | null = null
  #appendRelease: (() => void) | null = null

  /** Makes appends wait until `releaseAppends()`. */
  holdAppends(): void {
    this.#appendHeld ??= new Promise((resolve) => {
      this.#appendRelease = resolve
    })
  }

  /** Lets held appends finish. */
  releaseAppends(): void {
    this.#appendRelease?.()
    this.#appendHeld = null
    this.#appendRelease = null
  }

  async append(name: string, update: Uint8Array): Promise<number> {
    this.appendCalls += 1
    if (this.#appendHeld) await this.#appendHeld
    return this.inner.append(name, update)
  }

  async compact(name: string, snapshot: Uint8Array, throughSeq: number): Promise<void> {
    this.compactCalls += 1
    if (this.#compactHeld) await this.#compactHeld
    return this.inner.compact(name, snapshot, throughSeq)
  }

  list(): Promise<string[]> {
    return this.inner.list()
  }

  close(): Promise<void> {
    return this.inner.close()
  }
}
