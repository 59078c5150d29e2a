/** A token bucket: `capacity` tokens, refilled at `perSecond`, taken by `take`. */
export class TokenBucket {
  #tokens: number
  #updatedAt: number

  constructor(
    readonly capacity: number,
    readonly perSecond: number,
    now: number = performance.now(),
  ) {
    this.#tokens = capacity
    this.#updatedAt = now
  }

  /** Takes `count` tokens if the bucket holds them; returns whether it did. */
  take(count = 1, now: number = performance.now()): boolean {
    this.#refill(now)
    if (this.#tokens < count) return false
    this.#tokens -= count
    return true
  }

  /** Milliseconds until `count` tokens are available. */
  waitMs(count = 1, now: number = performance.now()): number {
    this.#refill(now)
    if (this.#tokens >= count) return 0
    return Math.ceil(((count - this.#tokens) / this.perSecond) * 1000)
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#updatedAt) / 1000
    this.#tokens = Math.min(this.capacity, this.#tokens + elapsed * this.perSecond)
    this.#updatedAt = now
  }
}
