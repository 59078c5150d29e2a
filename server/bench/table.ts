import type { BenchResults, ServerResults } from './results.js'
import type { FanoutResult } from './workloads/fanout.js'
import type { ManyDocumentsResult } from './workloads/manyDocuments.js'

/** A table of figures: one column per server, and Accord's ratio to raw ws when both ran. */
export interface Table {
  readonly header: readonly string[]
  readonly rows: readonly (readonly string[])[]
}

type Value = number | string | undefined

interface Row {
  readonly label: string
  readonly value: (server: ServerResults) => Value
  /** Whether Accord ÷ raw ws means something for this row. */
  readonly ratio: boolean
}

const MiB = 1024 * 1024

function fanout(pick: (r: FanoutResult) => Value): (server: ServerResults) => Value {
  return (server) => {
    const outcome = server.fanout
    if (!outcome) return undefined
    return outcome.ok ? pick(outcome.result) : 'failed'
  }
}

function many(pick: (r: ManyDocumentsResult) => Value): (server: ServerResults) => Value {
  return (server) => {
    const outcome = server.manyDocuments
    if (!outcome) return undefined
    return outcome.ok ? pick(outcome.result) : 'failed'
  }
}

function closes(counts: Record<string, number>): string {
  const entries = Object.entries(counts)
  if (entries.length === 0) return '0'
  return entries.map(([code, count]) => `${count}×${code}`).join(', ')
}

/** The rows, in order. Labels name the unit; p = percentile of every edit-to-observation pair. */
function rows(results: BenchResults): Row[] {
  const a = results.options.fanout
  const b = results.options.manyDocuments
  const bClients = b.documents * b.clientsPerDocument
  return [
    {
      label: `A: connect + sync ${a.clients} clients (ms)`,
      value: fanout((r) => r.connectMs),
      ratio: true,
    },
    {
      label: `A: paced ${a.pacedRate} edits/s, latency p50 (ms)`,
      value: fanout((r) => r.paced.latency.p50),
      ratio: true,
    },
    { label: 'A: paced, latency p99 (ms)', value: fanout((r) => r.paced.latency.p99), ratio: true },
    {
      label: 'A: paced, server CPU (% of a core)',
      value: fanout((r) => r.paced.use.serverCpuCores * 100),
      ratio: true,
    },
    {
      label: `A: saturated, edits/s seen by all ${a.clients - 1} others`,
      value: fanout((r) => r.saturated.editsPerSecond),
      ratio: true,
    },
    {
      label: 'A: saturated, deliveries/s',
      value: fanout((r) => r.saturated.deliveriesPerSecond),
      ratio: true,
    },
    {
      label: `A: saturated (${a.window} in flight), latency p50 (ms)`,
      value: fanout((r) => r.saturated.latency.p50),
      ratio: true,
    },
    {
      label: 'A: saturated, latency p99 (ms)',
      value: fanout((r) => r.saturated.latency.p99),
      ratio: true,
    },
    {
      label: 'A: saturated, server CPU (% of a core)',
      value: fanout((r) => r.saturated.use.serverCpuCores * 100),
      ratio: true,
    },
    {
      label: 'A: saturated, server CPU per 1,000 edits (ms)',
      value: fanout((r) => (r.saturated.use.serverCpuCores * 1e6) / r.saturated.editsPerSecond),
      ratio: true,
    },
    {
      label: 'A: saturated, bench event loop busy (%)',
      value: fanout((r) => r.saturated.use.generatorLoopBusy * 100),
      ratio: false,
    },
    {
      label: 'A: saturated, other processes CPU (cores)',
      value: fanout((r) => r.saturated.use.otherCpuCores),
      ratio: false,
    },
    {
      label: 'A: lost deliveries',
      value: fanout((r) => r.paced.lostDeliveries + r.saturated.lostDeliveries),
      ratio: false,
    },
    {
      label: 'A: unexpected closes',
      value: fanout((r) => closes(r.unexpectedCloses)),
      ratio: false,
    },
    {
      label: `B: connect + sync ${bClients} clients (s)`,
      value: many((r) => r.connectMs / 1000),
      ratio: true,
    },
    {
      label: `B: edits at ${b.rate}/s for ${b.seconds} s`,
      value: many((r) => r.edits),
      ratio: false,
    },
    { label: 'B: latency p50 (ms)', value: many((r) => r.latency.p50), ratio: true },
    { label: 'B: latency p99 (ms)', value: many((r) => r.latency.p99), ratio: true },
    { label: 'B: latency max (ms)', value: many((r) => r.latency.max), ratio: true },
    {
      label: `B: dropped deliveries (after ${b.graceMs / 1000} s grace)`,
      value: many(
        (r) => `${formatNumber(r.droppedDeliveries)} of ${formatNumber(r.expectedDeliveries)}`,
      ),
      ratio: false,
    },
    { label: 'B: server RSS idle (MiB)', value: many((r) => r.rss.idle / MiB), ratio: true },
    {
      label: `B: server RSS with ${bClients} clients (MiB)`,
      value: many((r) => r.rss.connected / MiB),
      ratio: true,
    },
    {
      label: 'B: server RSS peak under load (MiB)',
      value: many((r) => r.rss.peak / MiB),
      ratio: true,
    },
    {
      label: 'B: heap after GC, idle (MiB)',
      value: many((r) => (r.heap.idle === null ? undefined : r.heap.idle / MiB)),
      ratio: true,
    },
    {
      label: `B: heap after GC with ${bClients} clients (MiB)`,
      value: many((r) => (r.heap.connected === null ? undefined : r.heap.connected / MiB)),
      ratio: true,
    },
    {
      label: `B: heap after GC, ${b.cooldownMs / 1000} s after all left (MiB)`,
      value: many((r) =>
        r.heap.afterClientsLeft === null ? undefined : r.heap.afterClientsLeft / MiB,
      ),
      ratio: true,
    },
    {
      label: `B: ${b.cooldownMs / 1000} s after all left: RSS (MiB)`,
      value: many((r) => (r.leftovers ? r.leftovers.rss / MiB : undefined)),
      ratio: true,
    },
    {
      label: `B: ${b.cooldownMs / 1000} s after all left: documents / connections held`,
      value: many((r) =>
        r.leftovers
          ? `${r.leftovers.loadedDocuments ?? '?'} / ${r.leftovers.openConnections ?? '?'}`
          : undefined,
      ),
      ratio: false,
    },
    {
      label: 'B: server CPU (% of a core)',
      value: many((r) => r.use.serverCpuCores * 100),
      ratio: true,
    },
    {
      label: 'B: other processes CPU (cores)',
      value: many((r) => r.use.otherCpuCores),
      ratio: false,
    },
    { label: 'B: unexpected closes', value: many((r) => closes(r.unexpectedCloses)), ratio: false },
  ]
}

/** Three significant digits at most, no exponent, thousands separated. */
function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '—'
  const abs = Math.abs(value)
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 })
}

function format(value: Value): string {
  if (value === undefined) return '—'
  return typeof value === 'number' ? formatNumber(value) : value
}

/** Builds the side-by-side table of a run. */
export function resultTable(results: BenchResults): Table {
  const accord = results.servers.find((s) => s.name === 'accord')
  const raw = results.servers.find((s) => s.name === 'raw-ws')
  const withRatio = accord !== undefined && raw !== undefined
  const header = [
    '',
    ...results.servers.map((s) => s.label),
    ...(withRatio ? ['Accord ÷ raw ws'] : []),
  ]
  // Rows nobody has a figure for (a workload or phase that did not run) are left out.
  const measured = rows(results).filter((row) =>
    results.servers.some((s) => row.value(s) !== undefined),
  )
  const body = measured.map((row) => {
    const cells = [row.label, ...results.servers.map((s) => format(row.value(s)))]
    if (withRatio) {
      const mine = row.value(accord)
      const theirs = row.value(raw)
      const ratio =
        row.ratio && typeof mine === 'number' && typeof theirs === 'number' && theirs !== 0
          ? `×${formatNumber(mine / theirs)}`
          : ''
      cells.push(ratio)
    }
    return cells
  })
  return { header, rows: body }
}

/** The table as aligned plain text, for the terminal. */
export function renderText(table: Table): string {
  const all = [table.header, ...table.rows]
  const widths = table.header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)))
  const line = (row: readonly string[]) =>
    row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  return [
    line(table.header),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...table.rows.map(line),
  ].join('\n')
}

/** The table as GitHub Markdown. */
export function renderMarkdown(table: Table): string {
  const line = (row: readonly string[]) => `| ${row.join(' | ')} |`
  const align = table.header.map((_, i) => (i === 0 ? ':--' : '--:'))
  return [line(table.header), line(align), ...table.rows.map(line)].join('\n')
}
