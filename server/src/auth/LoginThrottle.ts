import { TokenBucket } from '../sync/TokenBucket.js'

/** Options of the sign-in throttle. */
export interface LoginThrottleOptions {
  /** Attempts allowed in a burst. */
  readonly capacity?: number
  /** Attempts regained per minute. */
  readonly perMinute?: number
}

/**
 * Limits sign-in attempts per account and source together (the normalised email, whether or not
 * the account exists, and the client's address). Guessing one account's password from one place
 * stays slow, yet nobody can lock a victim out by failing to sign in as them from elsewhere: the
 * victim's own address has its own allowance. Delegates behind one conference network address
 * never lock each other out either, since each account has its own.
 */
export class LoginThrottle {
  readonly #capacity: number
  readonly #perSecond: number
  readonly #buckets = new Map<string, TokenBucket>()

  constructor({ capacity = 5, perMinute = 1 }: LoginThrottleOptions = {}) {
    this.#capacity = capacity
    this.#perSecond = perMinute / 60
  }

  /** Takes one attempt for `account` from `source`. Returns 0 when allowed, else the seconds to wait. */
  attempt(account: string, source: string, now: number = performance.now()): number {
    // A newline cannot occur in a normalised email, so the pair cannot be spelt two ways.
    const key = `${source}\n${account}`
    let bucket = this.#buckets.get(key)
    if (!bucket) {
      if (this.#buckets.size > 100_000) this.#prune(now)
      bucket = new TokenBucket(this.#capacity, this.#perSecond, now)
      this.#buckets.set(key, bucket)
    }
    if (bucket.take(1, now)) return 0
    return Math.max(1, Math.ceil(bucket.waitMs(1, now) / 1000))
  }

  /** Forgets buckets that are full again; they hold no information. */
  #prune(now: number): void {
    for (const [key, bucket] of this.#buckets) {
      if (bucket.waitMs(this.#capacity, now) === 0) this.#buckets.delete(key)
    }
  }
}
