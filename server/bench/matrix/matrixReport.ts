import { z } from 'zod'

// What desktop/bench/matrix.ts prints (its MatrixBenchReport), checked at the process boundary:
// the server's bench never imports the desktop's code, it reads the child's JSON.

const timing = z.object({ toLayout: z.number(), model: z.number(), react: z.number() })

const run = z.object({
  paragraphs: z.number().int(),
  delegations: z.number().int(),
  rowsRendered: z.number().int(),
  cellsRendered: z.number().int(),
  rowsTouched: z.number().int(),
  stepOverheadCpu: z.number(),
  mounts: z.array(timing.extend({ toFrame: z.number(), cpuToFrame: z.number() })).min(1),
  updates: z.array(timing.extend({ cpuToFrame: z.number() })),
  scrolls: z.array(z.object({ wall: z.number(), cpu: z.number() })),
})

/** The matrix bench's samples, as the child process reports them. */
export const matrixBenchReport = z.object({
  browser: z.string(),
  viewport: z.object({ width: z.number(), height: z.number() }),
  chromiumArgs: z.array(z.string()),
  pages: z.number().int(),
  mountsPerPage: z.number().int(),
  updatesPerPage: z.number().int(),
  scrollsPerPage: z.number().int(),
  loadAverage: z.object({ start: z.number(), end: z.number() }),
  runs: z.array(run).min(1),
})
export type MatrixBenchReport = z.infer<typeof matrixBenchReport>

/** Order statistics of a few samples (nearest rank), in milliseconds. */
export interface SampleSummary {
  readonly count: number
  readonly p50: number
  readonly p95: number
  readonly max: number
}

/** Nearest-rank median, 95th percentile and maximum of `samples`. */
export function summarize(samples: readonly number[]): SampleSummary {
  const sorted = [...samples].sort((a, b) => a - b)
  const n = sorted.length
  if (n === 0) return { count: 0, p50: Number.NaN, p95: Number.NaN, max: Number.NaN }
  const rank = (q: number) => sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))]!
  return { count: n, p50: rank(0.5), p95: rank(0.95), max: sorted[n - 1]! }
}

/** The figures the doc quotes. */
export interface MatrixSummary {
  readonly paragraphs: number
  readonly delegations: number
  readonly rowsRendered: number
  readonly cellsRendered: number
  readonly rowsTouched: number
  /** The first mount in a fresh page (cold: nothing of the code has run there yet). */
  readonly coldToLayout: SampleSummary
  readonly coldToFrame: SampleSummary
  readonly coldCpu: SampleSummary
  /** The later mounts in the same page (warm: the JIT has seen the code). */
  readonly warmToLayout: SampleSummary
  readonly warmToFrame: SampleSummary
  readonly warmCpu: SampleSummary
  /** Of the cold mounts: building the model, and React's render and commit. */
  readonly coldModel: SampleSummary
  readonly coldReact: SampleSummary
  readonly update: SampleSummary
  readonly updateCpu: SampleSummary
  readonly updateModel: SampleSummary
  readonly updateReact: SampleSummary
  readonly scroll: SampleSummary
  readonly scrollCpu: SampleSummary
}

/** Summarises a report's samples over all of its pages. */
export function summarizeMatrix(report: MatrixBenchReport): MatrixSummary {
  const runs = report.runs
  const cold = runs.map((r) => r.mounts[0]!)
  const warm = runs.flatMap((r) => r.mounts.slice(1))
  const updates = runs.flatMap((r) => r.updates)
  const scrolls = runs.flatMap((r) => r.scrolls)
  const first = runs[0]!
  return {
    paragraphs: first.paragraphs,
    delegations: first.delegations,
    rowsRendered: Math.max(...runs.map((r) => r.rowsRendered)),
    cellsRendered: Math.max(...runs.map((r) => r.cellsRendered)),
    rowsTouched: Math.max(...runs.map((r) => r.rowsTouched)),
    coldToLayout: summarize(cold.map((m) => m.toLayout)),
    coldToFrame: summarize(cold.map((m) => m.toFrame)),
    coldCpu: summarize(cold.map((m) => m.cpuToFrame)),
    warmToLayout: summarize(warm.map((m) => m.toLayout)),
    warmToFrame: summarize(warm.map((m) => m.toFrame)),
    warmCpu: summarize(warm.map((m) => m.cpuToFrame)),
    coldModel: summarize(cold.map((m) => m.model)),
    coldReact: summarize(cold.map((m) => m.react)),
    update: summarize(updates.map((u) => u.toLayout)),
    updateCpu: summarize(updates.map((u) => u.cpuToFrame)),
    updateModel: summarize(updates.map((u) => u.model)),
    updateReact: summarize(updates.map((u) => u.react)),
    scroll: summarize(scrolls.map((x) => x.wall)),
    scrollCpu: summarize(scrolls.map((x) => x.cpu)),
  }
}
