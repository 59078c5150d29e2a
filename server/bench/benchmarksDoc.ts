import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { goalSentences } from './goals.js'
import { keptMatrixSection } from './matrix/matrixSection.js'
import type { BenchResults, ServerResults } from './results.js'
import { codeChanged } from './revision.js'
import { renderMarkdown, resultTable } from './table.js'
import { ACCORD_BENCH_ENV } from './targets.js'

const START = '<!-- interpretation:start -->'
const END = '<!-- interpretation:end -->'
const PLACEHOLDER = '_Not written yet: read the table above and add what it means here._'

/**
 * The hand-written interpretation of an earlier run, kept across runs: figures are generated,
 * judgement is not. Whoever re-runs the bench should re-read it against the new table.
 */
function keptInterpretation(path: string): string {
  if (!existsSync(path)) return PLACEHOLDER
  const text = readFileSync(path, 'utf8')
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  if (start === -1 || end === -1 || end < start) return PLACEHOLDER
  return text.slice(start + START.length, end).trim() || PLACEHOLDER
}

function count(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

function percent(part: number, whole: number): string {
  return `${Math.round((part / whole) * 100)}%`
}

/** One generated sentence per headline figure, comparing Accord with the others. */
function headlines(results: BenchResults): string[] {
  const byName = new Map(results.servers.map((s) => [s.name, s]))
  const a = (s: ServerResults | undefined) => (s?.fanout?.ok ? s.fanout.result : undefined)
  const b = (s: ServerResults | undefined) =>
    s?.manyDocuments?.ok ? s.manyDocuments.result : undefined
  const accord = byName.get('accord')
  const lines: string[] = []
  const accordA = a(accord)
  if (accordA) {
    const ours = accordA.saturated
    for (const other of results.servers.filter((s) => s.name !== 'accord')) {
      const theirs = a(other)?.saturated
      if (!theirs) continue
      const cpuRatio =
        ours.use.serverCpuCores /
        ours.editsPerSecond /
        (theirs.use.serverCpuCores / theirs.editsPerSecond)
      lines.push(
        `A, saturated: Accord sustained ${count(ours.editsPerSecond)} edits/s ` +
          `(${percent(ours.editsPerSecond, theirs.editsPerSecond)} of ${other.label}'s ` +
          `${count(theirs.editsPerSecond)}) and spent ${cpuRatio.toFixed(2)}× its server CPU per edit.`,
      )
    }
  }
  const accordB = b(accord)
  if (accordB) {
    lines.push(
      `B: Accord delivered ${count(accordB.deliveries)} of ${count(accordB.expectedDeliveries)} observations ` +
        `(p99 ${accordB.latency.p99.toFixed(1)} ms) and peaked at ` +
        `${Math.round(accordB.rss.peak / 1024 / 1024)} MiB RSS with ${count(accordB.clients)} clients.`,
    )
  }
  for (const server of results.servers) {
    for (const [workload, outcome] of [
      ['A', server.fanout],
      ['B', server.manyDocuments],
    ] as const) {
      if (outcome && !outcome.ok)
        lines.push(`${workload} failed on ${server.label}: ${outcome.error}`)
    }
  }
  return lines
}

function machineSection({ machine, clientVersions, accord, accordAtEnd }: BenchResults): string {
  const changes =
    accord.uncommitted.length === 0
      ? ''
      : `, with uncommitted changes to ${accord.uncommitted.map((f) => `\`${f}\``).join(', ')}`
  const moved =
    accordAtEnd && codeChanged(accord, accordAtEnd)
      ? ` **The code under test changed during the run** (at the end: \`${accordAtEnd.commit}\`, ${accordAtEnd.uncommitted.length} uncommitted file(s)).`
      : ' It did not change during the run.'
  const clients = Object.entries(clientVersions)
    .map(([name, version]) => `${name} ${version}`)
    .join(', ')
  return `- CPU: ${machine.cpuModel}, ${machine.cores} cores; ${machine.memoryGiB} GiB memory; Linux ${machine.kernel}
- Node ${machine.node}; clients: ${clients}
- Accord at commit \`${accord.commit}\`${changes}.${moved}
- Load average (1 min) when the run started: ${machine.loadAverageAtStart.toFixed(2)}. The machine is
  shared: the "other processes CPU" rows show how much of its two cores something else took during
  each measured phase.`
}

/** The highest per-client send rate of any server's saturated phase. */
function busiestClientRate(results: BenchResults): number {
  let highest = 0
  for (const server of results.servers) {
    if (server.fanout?.ok)
      highest = Math.max(highest, server.fanout.result.saturated.perClientSendRate)
  }
  return highest
}

function methodSection(results: BenchResults): string {
  const { options } = results
  const a = options.fanout
  const b = options.manyDocuments
  const accordEnv = Object.entries(ACCORD_BENCH_ENV)
    .map(([key, value]) => `\`${key}=${value}\``)
    .join(', ')
  return `- Each server runs in its own child process (\`node --expose-gc --import tsx
  server/bench/servers/<name>.ts\`), a fresh one for each workload, on 127.0.0.1 only. All clients
  run in the bench process on one event loop; timestamps are its \`performance.now()\`, so edit and
  observation share one clock.
- Servers:
  - **Accord**: \`startServer\` with a temporary \`ACCORD_DATA_DIR\` (SQLite; every update validated in
    the decode worker and appended before it is relayed). The access hook lets every client write,
    as in the relay-mechanics tests: the real policy runs once per connection, not per update.
    The bench's document names are not negotiation drafts, so the draft rules (which inspect
    each update to a draft before it is stored) do not run either: this column is the relay's
    mechanics alone.
  - **Accord, drafts, rules on** and **Accord, 200-paragraph drafts**: the real path
    (\`server/bench/servers/accordDraft.ts\`). A process of its own (\`seedDrafts.ts\`, which exits
    before the server starts) seeds the demo conference as \`pnpm start\` does, then one
    declaration per document of the workload (in the negotiating stage; the first is
    the demo's own for demo-size drafts), each draft the size of the demo's (26 paragraphs) or of 200
    paragraphs. Every client connects with the secretariat's real session token to the draft's
    canonical name, through the real access hook, and the draft rules judge every update (before
    it is stored: attribution; after: lock checks and mirror refreshes). An edit types a marker
    (\`⟦id:t⟧\`) at the end of a paragraph that has no status and no proposal (in A, a client's new
    marker replaces its last one); a receiver reads markers from the updates it applies.
    Settings: ${accordEnv}; all other limits at their defaults. (The raised rate limits did not
    matter in this run: no client sent more than ${Math.ceil(busiestClientRate(results))} edits/s, against
    a default of 500 messages/s per connection.)
  - **@y/websocket-server**: \`setupWSConnection\` behind a \`ws\` server, as its own server.js, in memory.
  - **@hocuspocus/server**: \`new Server\` with no extensions, in memory. Its default
    \`flushDelay: 0\` merges the updates that arrive in one event-loop turn into one broadcast.
  - **raw ws**: relays each frame's bytes, unparsed, to every other socket on the same path: the
    physical limit.
- Clients: the stock \`WebsocketProvider\` from y-websocket (\`disableBc: true\`) for Accord and
  @y/websocket-server; \`HocuspocusProvider\` (one socket each) for Hocuspocus; for raw ws, a \`ws\`
  socket sending binary frames the size of the y-websocket message for the same edit.
- An edit is a Y.Map set of \`{ id, t }\`; a receiver records now − t when it observes it. Latency
  percentiles are over every (edit, receiver) pair.
- **Workload A**: one document, ${a.clients} clients taking turns (round robin), each overwriting
  its own key, so the document stays small. After ${a.warmupEdits} warm-up edits, a paced phase at
  ${a.pacedRate} edits/s for ${a.pacedSeconds} s (latency when nothing queues), then a saturated phase
  of ${a.saturatedSeconds} s that keeps ${a.window} edits in flight (an edit leaves the window once all
  ${a.clients - 1} other clients saw it) and reports the rate sustained.
- **Workload B**: ${b.documents} documents, ${b.documents * b.clientsPerDocument} clients
  (${b.clientsPerDocument} per document, connecting ${b.connectBatch} at a time), ${b.rate} edits/s in
  total for ${b.seconds} s, each by a client picked at random (one seeded sequence for every
  server), each writing a fresh key. An edit that one of the other clients of its document has
  not seen ${b.graceMs / 1000} s after the last edit is dropped. RSS is VmRSS of the server process,
  sampled every 250 ms; "heap after GC" is V8's used heap right after a forced full collection.
  Then every client leaves, and ${b.cooldownMs / 1000} s later the server reports the documents
  and connections it still holds (Accord unloads a document 10 s after its last client;
  Hocuspocus at once; @y/websocket-server, without persistence, never).
- CPU is user + system time of the server process (all threads, /proc/<pid>/stat) over the
  phase. "Bench event loop busy" is the load generator's event-loop utilisation: near 100%, the
  clients, not the server, set the pace.
- Run it with \`pnpm bench\` (about 5 minutes, then about 2 for the matrix); \`pnpm bench --only
  server\` skips the matrix. \`BENCH_QUICK=1\` makes a short smoke run;
  \`BENCH_SERVERS=accord,raw-ws\` and \`BENCH_WORKLOADS=a\` pick a subset. Only a full run of every
  server and workload rewrites this file (\`BENCH_WRITE_DOCS=1\` forces it, \`0\` prevents it).`
}

/** Renders docs/benchmarks.md for a run, keeping the interpretation already written there. */
export function benchmarksDoc(results: BenchResults, path: string): string {
  const { options } = results
  const minutes = (Date.parse(results.finishedAt) - Date.parse(results.startedAt)) / 60_000
  const kind = options.quick ? 'quick' : options.writeDocs ? 'full' : 'partial'
  return `# Benchmarks

Generated by \`pnpm bench\` (server/bench/run.ts) from a ${kind} run that started
${results.startedAt} and took ${minutes.toFixed(1)} minutes. Re-running the server workloads
rewrites this file except the Interpretation section and the Position matrix section at the end
(which \`pnpm bench --only matrix\` rewrites); the raw figures are in
\`server/bench/results/${kind}.json\`.

## Machine

${machineSection(results)}

## Method

${methodSection(results)}

## Results

${renderMarkdown(resultTable(results))}

${headlines(results)
  .map((line) => `- ${line}`)
  .join('\n')}

## Goals (issue #8)

${goalSentences(results)
  .map((line) => `- ${line}`)
  .join('\n')}

## Interpretation

${START}
${keptInterpretation(path)}
${END}

${keptMatrixSection(path)}
`
}

/** Writes docs/benchmarks.md for a run. */
export function writeBenchmarksDoc(results: BenchResults, path: string): void {
  writeFileSync(path, benchmarksDoc(results, path))
}
