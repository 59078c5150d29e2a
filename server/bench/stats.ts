/** Order statistics of a set of latencies, in milliseconds. */
export interface LatencySummary {
  readonly count: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

/**
 * Collects latency samples. Samples live in a growable Float64Array rather than a number[]:
 * a saturated fan-out phase records over a million of them, and boxed arrays of that size cost
 * the load generator (which shares its event loop with the clients) noticeable GC pauses.
 */
export class LatencyRecorder {
  #samples = new Float64Array(1 << 16)
  #count = 0

  /** Records one latency in milliseconds. */
  add(ms: number): void {
    if (this.#count === this.#samples.length) {
      const grown = new Float64Array(this.#samples.length * 2)
      grown.set(this.#samples)
      this.#samples = grown
    }
    this.#samples[this.#count++] = ms
  }

  get count(): number {
    return this.#count
  }

  /** Nearest-rank percentiles of everything recorded so far. */
  summary(): LatencySummary {
    const sorted = this.#samples.slice(0, this.#count).sort()
    const n = sorted.length
    if (n === 0)
      return {
        count: 0,
        p50: Number.NaN,
        p90: Number.NaN,
        p99: Number.NaN,
        max: Number.NaN,
        mean: Number.NaN,
      }
    const rank = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!
    let sum = 0
    for (const value of sorted) sum += value
    return {
      count: n,
      p50: rank(0.5),
      p90: rank(0.9),
      p99: rank(0.99),
      max: sorted[n - 1]!,
      mean: sum / n,
    }
  }
}
