// `pnpm bench`: runs workloads A and B against each server and reports them side by side, then
// the position matrix in Chromium (matrix/). See docs/benchmarks.md for the method;
// BENCH_QUICK=1 makes a short smoke run; `--only server` or `--only matrix` runs one part.
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { writeBenchmarksDoc } from './benchmarksDoc.js'
import { describeMachine } from './machine.js'
import { writeMatrixSection } from './matrix/matrixSection.js'
import { runMatrixBench } from './matrix/runMatrixBench.js'
import { type BenchOptions, loadOptions } from './options.js'
import type { BenchResults, ServerResults } from './results.js'
import { accordRevision, codeChanged } from './revision.js'
import { runWorkload, type WorkloadOutcome } from './runWorkload.js'
import { renderText, resultTable } from './table.js'
import { clientVersions, TARGETS } from './targets.js'
import { runFanout } from './workloads/fanout.js'
import { runManyDocuments } from './workloads/manyDocuments.js'

const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url))
const DOC_PATH = fileURLToPath(new URL('../../docs/benchmarks.md', import.meta.url))
/** Past this, something hangs: the run is bounded whatever happens. */
const RUN_DEADLINE_MS = 20 * 60_000

// Every WebsocketProvider adds a process 'exit' listener; 1,500 clients would trip Node's
// leak warning (meant for accidental listeners) on every run.
process.setMaxListeners(0)
// The exit hook in ServerProcess kills the server children; a signal only has to exit.
process.on('SIGINT', () => process.exit(130))
process.on('SIGTERM', () => process.exit(143))
setTimeout(() => {
  console.error(`bench: still running after ${RUN_DEADLINE_MS / 60_000} minutes; giving up`)
  process.exit(1)
}, RUN_DEADLINE_MS).unref()

function log(message: string): void {
  console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`)
}

function describe<T>(outcome: WorkloadOutcome<T>, summary: (result: T) => string): string {
  return outcome.ok ? summary(outcome.result) : `FAILED: ${outcome.error}`
}

async function runAll(options: BenchOptions, results: BenchResults): Promise<void> {
  // Workload by workload rather than server by server, so that a change in background load
  // during the run spreads over servers instead of landing on one column.
  if (options.workloads.includes('a')) {
    for (const server of results.servers) {
      log(`A (${options.fanout.clients} clients, one document) on ${server.label}`)
      server.fanout = await runWorkload(
        TARGETS[server.name],
        (s) => runFanout(s, options.fanout),
        // Servers of real drafts prepare one draft per document of the workload.
        { ACCORD_BENCH_DRAFTS: '1' },
      )
      log(
        `  ${describe(server.fanout, (r) => `paced p50/p99 ${r.paced.latency.p50.toFixed(1)}/${r.paced.latency.p99.toFixed(1)} ms; saturated ${Math.round(r.saturated.editsPerSecond)} edits/s, p99 ${r.saturated.latency.p99.toFixed(1)} ms`)}`,
      )
    }
  }
  if (options.workloads.includes('b')) {
    const { documents, clientsPerDocument } = options.manyDocuments
    for (const server of results.servers) {
      log(
        `B (${documents} documents, ${documents * clientsPerDocument} clients) on ${server.label}`,
      )
      server.manyDocuments = await runWorkload(
        TARGETS[server.name],
        (s) => runManyDocuments(s, options.manyDocuments),
        { ACCORD_BENCH_DRAFTS: String(documents) },
      )
      log(
        `  ${describe(server.manyDocuments, (r) => `p99 ${r.latency.p99.toFixed(1)} ms; dropped ${r.droppedDeliveries}/${r.expectedDeliveries}; peak RSS ${Math.round(r.rss.peak / 1024 / 1024)} MiB`)}`,
      )
    }
  }
}

/** full.json for the run the docs quote; quick.json and partial.json never overwrite it. */
function resultsName(options: BenchOptions): string {
  if (options.quick) return 'quick'
  return options.writeDocs ? 'full' : 'partial'
}

async function serverBench(options: BenchOptions): Promise<void> {
  const servers: ServerResults[] = options.servers.map((name) => ({
    name,
    label: TARGETS[name].label,
    settings: TARGETS[name].settings,
  }))
  const results: BenchResults = {
    startedAt: new Date().toISOString(),
    finishedAt: '',
    machine: describeMachine(),
    accord: accordRevision(),
    accordAtEnd: null,
    clientVersions: clientVersions(),
    options,
    servers,
  }
  log(
    `${resultsName(options)} run: ${options.servers.join(', ')}; workloads ${options.workloads.join(', ')}; ` +
      `load average ${results.machine.loadAverageAtStart.toFixed(2)}`,
  )
  await runAll(options, results)
  results.finishedAt = new Date().toISOString()
  results.accordAtEnd = accordRevision()
  if (codeChanged(results.accord, results.accordAtEnd)) {
    log(
      'warning: the code under test changed during the run; the columns may not measure one Accord',
    )
  }

  console.log(`\n${renderText(resultTable(results))}\n`)
  mkdirSync(RESULTS_DIR, { recursive: true })
  const jsonPath = `${RESULTS_DIR}${resultsName(options)}.json`
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`)
  log(`wrote ${jsonPath}`)
  if (options.writeDocs) {
    writeBenchmarksDoc(results, DOC_PATH)
    log(`wrote ${DOC_PATH}`)
  } else {
    log('quick or partial run: docs/benchmarks.md left as it is (BENCH_WRITE_DOCS=1 writes it)')
  }
}

/** The position matrix (issue #12): its own results file and its own section of the doc. */
async function matrixBench(options: BenchOptions): Promise<void> {
  log(`matrix: 200 paragraphs × 60 delegations in Chromium${options.quick ? ' (quick)' : ''}`)
  const results = await runMatrixBench(options.quick)
  const s = results.summary
  log(
    `  first render (cold, to layout) median ${s.coldToLayout.p50.toFixed(1)} ms, p95 ${s.coldToLayout.p95.toFixed(1)} ms; ` +
      `update median ${s.update.p50.toFixed(2)} ms, p95 ${s.update.p95.toFixed(2)} ms`,
  )
  mkdirSync(RESULTS_DIR, { recursive: true })
  const jsonPath = `${RESULTS_DIR}${options.quick ? 'matrix-quick' : 'matrix'}.json`
  writeFileSync(jsonPath, `${JSON.stringify(results, null, 2)}\n`)
  log(`wrote ${jsonPath}`)
  // A quick run has fewer samples: like the server's, it leaves the doc unless asked.
  if (options.writeMatrixDoc) {
    writeMatrixSection(results, DOC_PATH)
    log(`wrote the matrix section of ${DOC_PATH}`)
  } else {
    log('quick run: docs/benchmarks.md left as it is (BENCH_WRITE_DOCS=1 writes it)')
  }
}

async function main(): Promise<void> {
  const options = loadOptions()
  if (options.sections.includes('server')) await serverBench(options)
  if (options.sections.includes('matrix')) await matrixBench(options)
}

main().then(
  // Lingering client timers (reconnect backoff, awareness) must not keep the bench alive.
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench failed:', error)
    process.exit(1)
  },
)
