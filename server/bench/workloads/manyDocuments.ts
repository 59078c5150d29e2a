import { setTimeout as sleep } from 'node:timers/promises'
import type { BenchClient } from '../clients/BenchClient.js'
import { clientsFor } from '../clients/clientFactory.js'
import { connectAll } from '../clients/connectAll.js'
import { EditTracker, Phase } from '../EditTracker.js'
import { type ResourceUse, startMeter } from '../meter.js'
import type { ManyDocumentsOptions } from '../options.js'
import { seededRandom } from '../random.js'
import type { ServerProcess } from '../ServerProcess.js'
import type { ServerStats } from '../servers/ipc.js'
import type { LatencySummary } from '../stats.js'
import { closeCounts } from './closeCounts.js'

/** Server memory at the points of workload B, in bytes (VmRSS). */
export interface RssFigures {
  readonly idle: number
  readonly connected: number
  readonly peak: number
  readonly end: number
}

/** Live heap after a full GC at the points of workload B, in bytes; null if unanswered. */
export interface HeapFigures {
  readonly idle: number | null
  readonly connected: number | null
  readonly afterClientsLeft: number | null
}

/** What the server still held a while after every client had left. */
export interface Leftovers {
  readonly afterMs: number
  readonly rss: number
  readonly loadedDocuments: number | null
  readonly openConnections: number | null
}

/** Workload B's figures for one server. */
export interface ManyDocumentsResult {
  readonly documents: number
  readonly clients: number
  readonly connectMs: number
  readonly offeredRate: number
  readonly seconds: number
  readonly edits: number
  readonly expectedDeliveries: number
  readonly deliveries: number
  /** Observations still missing after the grace period (edit × receiver pairs). */
  readonly droppedDeliveries: number
  readonly droppedEdits: number
  readonly latency: LatencySummary
  readonly rss: RssFigures
  readonly heap: HeapFigures
  /** Documents and connections the server reported once every client had connected. */
  readonly loadedDocuments: number | null
  readonly openConnections: number | null
  readonly leftovers: Leftovers | null
  readonly use: ResourceUse
  readonly strayObservations: number
  readonly unexpectedCloses: Record<string, number>
}

const TICK_MS = 10
const RSS_SAMPLE_MS = 250
const SEED = 0x5eed

/**
 * Workload B: `documents` documents with `clientsPerDocument` clients each; edits at a fixed
 * total rate, each by a client picked at random (the same seeded sequence for every server),
 * each to be observed by the other clients of its document.
 */
export async function runManyDocuments(
  server: ServerProcess,
  options: ManyDocumentsOptions,
): Promise<ManyDocumentsResult> {
  const perDocument = options.clientsPerDocument
  const count = options.documents * perDocument
  const tracker = new EditTracker(perDocument - 1)
  const create = clientsFor(server, { overwrite: false })
  const clients: BenchClient[] = []
  const random = seededRandom(SEED)
  try {
    const idle = server.rssBytes()
    const idleStats = await server.stats()
    const connectMs = await connectAll(clients, count, options.connectBatch, (index) =>
      create(`bench/doc-${Math.floor(index / perDocument)}`, (id, madeAt) =>
        tracker.observe(id, madeAt),
      ),
    )
    // Lets the connect burst's garbage and awareness chatter settle before measuring.
    await sleep(1_000)
    const connected = server.rssBytes()
    const connectedStats = await server.stats()

    const phase = new Phase()
    let peak = connected
    const sampler = setInterval(() => {
      peak = Math.max(peak, server.rssBytes())
    }, RSS_SAMPLE_MS)
    const end = startMeter(server)
    const started = performance.now()
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = (performance.now() - started) / 1000
        const due = Math.floor(Math.min(elapsed, options.seconds) * options.rate) - phase.issued
        for (let i = 0; i < due; i++) {
          const { id, madeAt } = tracker.issue(phase)
          clients[Math.floor(random() * count)]!.edit(`e${id}`, id, madeAt)
        }
        if (elapsed >= options.seconds) {
          clearInterval(timer)
          resolve()
        }
      }, TICK_MS)
    })
    const use = end()
    await tracker.settle(phase, options.graceMs)
    clearInterval(sampler)
    const rssEnd = server.rssBytes()
    const unexpectedCloses = closeCounts(clients)
    for (const client of clients.splice(0)) client.destroy()
    let leftovers: Leftovers | null = null
    let leftStats: ServerStats | null = null
    if (options.cooldownMs > 0) {
      await sleep(options.cooldownMs)
      const stats = await server.stats()
      leftStats = stats
      leftovers = {
        afterMs: options.cooldownMs,
        rss: server.rssBytes(),
        loadedDocuments: stats?.loadedDocuments ?? null,
        openConnections: stats?.openConnections ?? null,
      }
    }
    return {
      documents: options.documents,
      clients: count,
      connectMs,
      offeredRate: options.rate,
      seconds: options.seconds,
      edits: phase.issued,
      expectedDeliveries: phase.issued * (perDocument - 1),
      deliveries: phase.deliveries,
      droppedDeliveries: phase.lostDeliveries,
      droppedEdits: phase.lostEdits,
      latency: phase.latency.summary(),
      rss: { idle, connected, peak: Math.max(peak, rssEnd), end: rssEnd },
      heap: {
        idle: idleStats?.heapUsedAfterGc ?? null,
        connected: connectedStats?.heapUsedAfterGc ?? null,
        afterClientsLeft: leftStats?.heapUsedAfterGc ?? null,
      },
      loadedDocuments: connectedStats?.loadedDocuments ?? null,
      openConnections: connectedStats?.openConnections ?? null,
      leftovers,
      use,
      strayObservations: tracker.stray,
      unexpectedCloses,
    }
  } finally {
    for (const client of clients) client.destroy()
  }
}
