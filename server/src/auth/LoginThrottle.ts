import { TokenBucket } from '../sync/TokenBucket.js'

/** Options of the sign-in throttle. */
export interface LoginThrottleOptions {
  /** Attempts allowed in a burst. */
  readonly capacity?: number
  /** Attempts regained per minute. */
  readonly perMinute?: number
}

/**
 * Limits sign-in attempts per account (keyed by the normalised email, whether or not the account
 * exists). Keyed by account rather than by address, so that delegates behind one conference
 * network address never lock each other out, while guessing one account's password stays slow.
 */
export class LoginThrottle {
  readonly #capacity: number
  readonly #perSecond: number
  readonly #buckets = new Map<string, TokenBucket>()

  constructor({ capacity = 5, perMinute = 1 }: LoginThrottleOptions = {}) {
    this.#capacity = capacity
    this.#perSecond = perMinute / 60
  }

  /** Takes one attempt for `account`. Returns 0 when allowed, else the seconds to wait. */
  attempt(account: string, now: number = performance.now()): number {
    let bucket = this.#buckets.get(account)
    if (!bucket) {
      if (this.#buckets.size > 100_000) this.#prune(now)
      bucket = new TokenBucket(this.#capacity, this.#perSecond, now)
      this.#buckets.set(account, bucket)
    }
    if (bucket.take(1, now)) return 0
    return Math.max(1, Math.ceil(bucket.waitMs(1, now) / 1000))
  }

  /** Forgets buckets that are full again; they hold no information. */
  #prune(now: number): void {
    for (const [account, bucket] of this.#buckets) {
      if (bucket.waitMs(this.#capacity, now) === 0) this.#buckets.delete(account)
    }
  }
}
