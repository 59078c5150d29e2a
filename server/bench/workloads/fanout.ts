import { setTimeout as sleep } from 'node:timers/promises'
import type { BenchClient } from '../clients/BenchClient.js'
import { clientsFor } from '../clients/clientFactory.js'
import { connectAll } from '../clients/connectAll.js'
import { EditTracker, Phase } from '../EditTracker.js'
import { type ResourceUse, startMeter } from '../meter.js'
import type { FanoutOptions } from '../options.js'
import type { ServerProcess } from '../ServerProcess.js'
import type { LatencySummary } from '../stats.js'
import { closeCounts } from './closeCounts.js'

/** Figures of one fan-out phase. */
export interface FanoutPhaseResult {
  readonly seconds: number
  readonly edits: number
  /** Edits seen by every other client within the phase, per second. */
  readonly editsPerSecond: number
  /** Observations within the phase, per second (edits × receivers). */
  readonly deliveriesPerSecond: number
  /** Edit-to-observation latency of the phase's edits, over every receiver. */
  readonly latency: LatencySummary
  readonly lostDeliveries: number
  readonly use: ResourceUse
}

/** Workload A's figures for one server. */
export interface FanoutResult {
  readonly clients: number
  readonly connectMs: number
  readonly paced: FanoutPhaseResult & { readonly offeredRate: number }
  readonly saturated: FanoutPhaseResult & {
    readonly window: number
    /** Edits each client sent per second; Accord's default limit is 500 messages/s. */
    readonly perClientSendRate: number
  }
  readonly strayObservations: number
  readonly unexpectedCloses: Record<string, number>
}

const ROOM = 'bench/fanout'
const TICK_MS = 5

/**
 * Workload A: one document, `clients` clients taking turns (round robin) to overwrite their own
 * key; every other client must observe each edit. First a paced phase at a modest fixed rate
 * (latency when nothing queues), then a saturated phase that keeps `window` edits in flight and
 * measures the rate the whole loop sustains.
 */
export async function runFanout(
  server: ServerProcess,
  options: FanoutOptions,
): Promise<FanoutResult> {
  const n = options.clients
  const tracker = new EditTracker(n - 1)
  const create = clientsFor(server, { overwrite: true })
  const clients: BenchClient[] = []
  let nextSender = 0
  const edit = (phase: Phase) => {
    const sender = nextSender
    nextSender = (nextSender + 1) % n
    const { id, madeAt } = tracker.issue(phase)
    clients[sender]!.edit(`c${sender}`, id, madeAt)
  }
  try {
    const connectMs = await connectAll(clients, n, n, () =>
      create(ROOM, (id, madeAt) => tracker.observe(id, madeAt)),
    )
    await sleep(500)

    const warmup = new Phase()
    await windowed(
      tracker,
      warmup,
      10,
      () => edit(warmup),
      () => warmup.issued >= options.warmupEdits,
    )
    await tracker.settle(warmup, options.drainMs)

    const paced = new Phase()
    const endPaced = startMeter(server)
    const pacedStart = performance.now()
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = (performance.now() - pacedStart) / 1000
        if (elapsed >= options.pacedSeconds) {
          clearInterval(timer)
          resolve()
          return
        }
        const due = Math.floor(elapsed * options.pacedRate) - paced.issued
        for (let i = 0; i < due; i++) edit(paced)
      }, TICK_MS)
    })
    const pacedCounts = { completed: paced.completed, deliveries: paced.deliveries }
    const pacedUse = endPaced()
    await tracker.settle(paced, options.drainMs)

    const saturated = new Phase()
    const endSaturated = startMeter(server)
    const saturatedStart = performance.now()
    await windowed(
      tracker,
      saturated,
      options.window,
      () => edit(saturated),
      () => performance.now() - saturatedStart >= options.saturatedSeconds * 1000,
      options.drainMs,
    )
    const saturatedCounts = { completed: saturated.completed, deliveries: saturated.deliveries }
    const saturatedUse = endSaturated()
    await tracker.settle(saturated, options.drainMs)

    const phaseResult = (phase: Phase, counts: typeof pacedCounts, use: ResourceUse) => ({
      seconds: use.seconds,
      edits: phase.issued,
      editsPerSecond: counts.completed / use.seconds,
      deliveriesPerSecond: counts.deliveries / use.seconds,
      latency: phase.latency.summary(),
      lostDeliveries: phase.lostDeliveries,
      use,
    })
    const saturatedResult = phaseResult(saturated, saturatedCounts, saturatedUse)
    return {
      clients: n,
      connectMs,
      paced: { ...phaseResult(paced, pacedCounts, pacedUse), offeredRate: options.pacedRate },
      saturated: {
        ...saturatedResult,
        window: options.window,
        perClientSendRate: saturated.issued / saturatedUse.seconds / n,
      },
      strayObservations: tracker.stray,
      unexpectedCloses: closeCounts(clients),
    }
  } finally {
    for (const client of clients) client.destroy()
  }
}

/**
 * Keeps `window` edits of `phase` in flight until `done()`: each completed edit makes room for
 * the next. Refills are batched onto the next turn of the event loop rather than made inside
 * the observer that completed an edit, so that a burst of completions costs one refill.
 * Edits stuck for `stuckMs` are written off, so that one lost update cannot stall the window.
 */
function windowed(
  tracker: EditTracker,
  phase: Phase,
  window: number,
  edit: () => void,
  done: () => boolean,
  stuckMs = 5_000,
): Promise<void> {
  return new Promise((resolve) => {
    let scheduled = false
    let finished = false
    const refill = () => {
      scheduled = false
      if (finished) return
      if (done()) {
        finished = true
        tracker.onComplete = null
        clearInterval(watchdog)
        resolve()
        return
      }
      while (phase.inFlight < window && !done()) edit()
    }
    tracker.onComplete = () => {
      if (scheduled) return
      scheduled = true
      setImmediate(refill)
    }
    // Also ends the phase on time when nothing completes, and writes off stuck edits.
    const watchdog = setInterval(() => {
      if (tracker.expire(stuckMs) > 0 || done()) refill()
    }, 100)
    refill()
  })
}
