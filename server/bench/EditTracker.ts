import { setTimeout as sleep } from 'node:timers/promises'
import { LatencyRecorder } from './stats.js'

/** The counters of one measured phase. */
export class Phase {
  readonly latency = new LatencyRecorder()
  /** Edits made in the phase. */
  issued = 0
  /** Edits that every receiver has seen. */
  completed = 0
  /** Observations of the phase's edits, one per receiver. */
  deliveries = 0
  /** Observations that never came (an edit missing at two receivers counts twice). */
  lostDeliveries = 0
  /** Edits that at least one receiver never saw. */
  lostEdits = 0
  /** Edits still waiting for some receiver. */
  inFlight = 0
}

interface Pending {
  readonly phase: Phase
  readonly madeAt: number
  remaining: number
}

/**
 * Follows every edit from the moment it is made until each of its receivers has observed it,
 * recording one latency per observation. Workloads read throughput and loss from the phases.
 */
export class EditTracker {
  readonly #pending = new Map<number, Pending>()
  #nextId = 1
  /** Observations of edits that were not pending: duplicates, or arrivals after being written off. */
  stray = 0
  /** Called after an edit's last receiver saw it; workload A refills its window from here. */
  onComplete: (() => void) | null = null

  constructor(readonly receiversPerEdit: number) {}

  /** Registers an edit made now in `phase`; returns its id and timestamp. */
  issue(phase: Phase): { id: number; madeAt: number } {
    const id = this.#nextId++
    const madeAt = performance.now()
    this.#pending.set(id, { phase, madeAt, remaining: this.receiversPerEdit })
    phase.issued += 1
    phase.inFlight += 1
    return { id, madeAt }
  }

  /** A receiver observed edit `id`, made at `madeAt`. */
  observe(id: number, madeAt: number): void {
    const now = performance.now()
    const entry = this.#pending.get(id)
    if (!entry) {
      this.stray += 1
      return
    }
    entry.phase.latency.add(now - madeAt)
    entry.phase.deliveries += 1
    entry.remaining -= 1
    if (entry.remaining === 0) {
      this.#pending.delete(id)
      entry.phase.completed += 1
      entry.phase.inFlight -= 1
      this.onComplete?.()
    }
  }

  /** Writes off edits pending for longer than `ageMs`; returns how many. */
  expire(ageMs: number): number {
    const cutoff = performance.now() - ageMs
    let expired = 0
    for (const [id, entry] of this.#pending) {
      if (entry.madeAt > cutoff) continue
      this.#writeOff(id, entry)
      expired += 1
    }
    return expired
  }

  /** Waits until `phase` has nothing in flight, for at most `timeoutMs`; then writes off the rest. */
  async settle(phase: Phase, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs
    // Polling every 50 ms is idle time for the loop, not a busy wait.
    while (phase.inFlight > 0 && performance.now() < deadline) await sleep(50)
    for (const [id, entry] of this.#pending) if (entry.phase === phase) this.#writeOff(id, entry)
  }

  #writeOff(id: number, entry: Pending): void {
    this.#pending.delete(id)
    entry.phase.lostDeliveries += entry.remaining
    entry.phase.lostEdits += 1
    entry.phase.inFlight -= 1
  }
}
