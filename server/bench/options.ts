import { z } from 'zod'

/** The servers under test, in the order of the table's columns. */
export const SERVER_NAMES = [
  'accord',
  'accord-draft',
  'accord-draft-200',
  'y-websocket-server',
  'hocuspocus',
  'raw-ws',
] as const
export type ServerName = (typeof SERVER_NAMES)[number]

/** Workload A: one document, many clients taking turns. */
export interface FanoutOptions {
  readonly clients: number
  /** Edits made and discarded before measuring, so that JIT and buffers are warm. */
  readonly warmupEdits: number
  /** Offered rate of the paced phase, in edits per second (across all clients). */
  readonly pacedRate: number
  readonly pacedSeconds: number
  /** Edits allowed in flight (not yet seen by every other client) in the saturated phase. */
  readonly window: number
  readonly saturatedSeconds: number
  /** How long in-flight edits may take to arrive after a phase before they count as lost. */
  readonly drainMs: number
}

/** Workload B: many small documents at a fixed total rate. */
export interface ManyDocumentsOptions {
  readonly documents: number
  readonly clientsPerDocument: number
  /** Total edits per second across all documents. */
  readonly rate: number
  readonly seconds: number
  /** How long after the last edit a missing observation may still arrive. */
  readonly graceMs: number
  /** Clients connecting at once; a bounded herd keeps connect time out of the load figures. */
  readonly connectBatch: number
  /**
   * How long after every client left to look again for documents, connections and memory the
   * server still holds; 0 skips the look. Accord unloads a document 10 s after its last client.
   */
  readonly cooldownMs: number
}

/** The parts of a run: the server workloads (A and B), and the position matrix in Chromium. */
export const SECTIONS = ['server', 'matrix'] as const
export type Section = (typeof SECTIONS)[number]

/** Everything one `pnpm bench` run does. */
export interface BenchOptions {
  readonly quick: boolean
  /** Which parts run: both unless `--only server` or `--only matrix` (or BENCH_ONLY) says. */
  readonly sections: readonly Section[]
  readonly servers: readonly ServerName[]
  readonly workloads: readonly ('a' | 'b')[]
  /**
   * Whether to rewrite docs/benchmarks.md. By default only a full run of every server and
   * workload does: a quick or partial run would replace published figures with lesser ones.
   */
  readonly writeDocs: boolean
  /** Whether to rewrite the matrix section of docs/benchmarks.md: by default, unless quick. */
  readonly writeMatrixDoc: boolean
  readonly fanout: FanoutOptions
  readonly manyDocuments: ManyDocumentsOptions
}

const flag = z
  .enum(['', '0', '1', 'true', 'false'])
  .default('')
  .transform((value) => value === '1' || value === 'true')

/** A flag that may also be left unset, meaning "decide from the other options". */
const optionalFlag = z
  .enum(['', '0', '1', 'true', 'false'])
  .default('')
  .transform((value) => (value === '' ? undefined : value === '1' || value === 'true'))

const list = <T extends string>(allowed: readonly [T, ...T[]]) =>
  z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === '') return [...allowed]
      const items = value.split(',').map((item) => item.trim())
      for (const item of items) {
        if (!(allowed as readonly string[]).includes(item)) {
          context.addIssue({ code: 'custom', message: `unknown "${item}"; one of ${allowed}` })
          return z.NEVER
        }
      }
      return allowed.filter((item) => items.includes(item))
    })

const environment = z.object({
  BENCH_QUICK: flag,
  BENCH_WRITE_DOCS: optionalFlag,
  BENCH_SERVERS: list(SERVER_NAMES),
  BENCH_WORKLOADS: list(['a', 'b'] as const),
  BENCH_ONLY: z.enum(['', ...SECTIONS]).default(''),
})

/** The value of `--only <section>` (or `--only=<section>`) among the arguments, if any. */
function onlyArgument(argv: readonly string[]): string | undefined {
  for (const [i, arg] of argv.entries()) {
    if (arg === '--only') return argv[i + 1] ?? ''
    if (arg.startsWith('--only=')) return arg.slice('--only='.length)
  }
  return undefined
}

/** Reads the run's options from `BENCH_*` environment variables and `--only <section>`. */
export function loadOptions(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv.slice(2),
): BenchOptions {
  const only = onlyArgument(argv)
  if (only !== undefined && !(SECTIONS as readonly string[]).includes(only)) {
    throw new Error(`invalid benchmark options:\n  --only: unknown "${only}"; one of ${SECTIONS}`)
  }
  const parsed = environment.safeParse(env)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid benchmark options:\n${problems.join('\n')}`)
  }
  const e = parsed.data
  const quick = e.BENCH_QUICK
  const single = (only ?? e.BENCH_ONLY) || undefined
  return {
    quick,
    sections: single ? [single as Section] : [...SECTIONS],
    servers: e.BENCH_SERVERS,
    workloads: e.BENCH_WORKLOADS,
    writeMatrixDoc: e.BENCH_WRITE_DOCS ?? !quick,
    writeDocs:
      e.BENCH_WRITE_DOCS ??
      (!quick && e.BENCH_SERVERS.length === SERVER_NAMES.length && e.BENCH_WORKLOADS.length === 2),
    fanout: {
      clients: 50,
      warmupEdits: quick ? 200 : 500,
      pacedRate: 100,
      pacedSeconds: quick ? 4 : 10,
      window: 50,
      saturatedSeconds: quick ? 5 : 15,
      drainMs: 5_000,
    },
    manyDocuments: {
      // The quick run keeps the client count and rate and only shortens the measured window.
      documents: 500,
      clientsPerDocument: 3,
      rate: 350,
      seconds: quick ? 6 : 20,
      graceMs: quick ? 3_000 : 5_000,
      connectBatch: 100,
      cooldownMs: quick ? 0 : 12_000,
    },
  }
}
