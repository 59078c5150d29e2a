// The position matrix's benchmark (issue #12): the real MatrixTable, built for production, in
// real Chromium. `pnpm bench` runs it (server/bench/matrix/runMatrixBench.ts spawns this file);
// alone: `node --import tsx desktop/bench/matrix.ts [--quick]` from a directory that has tsx.
// Progress goes to stderr; the samples, as one JSON object (MatrixBenchReport), to stdout.
import { loadavg } from 'node:os'
import { chromium } from 'playwright-core'
import type { MatrixBenchRun } from '../src/renderer/features/matrix/matrixBenchTypes.js'
import { chromiumArgs, chromiumPath } from '../test/support/chromium.js'
import {
  buildMatrixHarness,
  HARNESS_VIEWPORT,
  type HarnessWindow,
  openHarness,
} from './matrixHarness.js'

/** What the matrix bench hands back: every sample, and where they were taken. */
export interface MatrixBenchReport {
  readonly browser: string
  readonly viewport: { readonly width: number; readonly height: number }
  readonly chromiumArgs: readonly string[]
  readonly pages: number
  readonly mountsPerPage: number
  readonly updatesPerPage: number
  readonly scrollsPerPage: number
  readonly loadAverage: { readonly start: number; readonly end: number }
  readonly runs: readonly MatrixBenchRun[]
}

const quick = process.argv.includes('--quick')
const PAGES = quick ? 2 : 8
const MOUNTS = quick ? 3 : 5
const UPDATES = quick ? 30 : 100
const SCROLLS = quick ? 5 : 12

function log(message: string): void {
  process.stderr.write(`  matrix: ${message}\n`)
}

async function main(): Promise<void> {
  const start = loadavg()[0] ?? Number.NaN
  log('building the harness (vite, production)')
  const harness = await buildMatrixHarness()
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
  const runs: MatrixBenchRun[] = []
  try {
    for (let p = 0; p < PAGES; p++) {
      // A fresh page each time, so each run's first mount is a cold one (a new JS context).
      const { page, problems, close } = await openHarness(browser, harness)
      const run = await page.evaluate(
        (options) =>
          (window as unknown as HarnessWindow).matrixBench.runMatrixBench(
            document.getElementById('root')!,
            options,
          ),
        { paragraphs: 200, delegations: 60, mounts: MOUNTS, updates: UPDATES, scrolls: SCROLLS },
      )
      await close()
      if (problems.length > 0) throw new Error(`the page reported: ${problems.join('; ')}`)
      runs.push(run)
      const cold = run.mounts[0]!
      log(
        `page ${p + 1}/${PAGES}: cold mount ${cold.toLayout.toFixed(1)} ms to layout, ` +
          `${cold.toFrame.toFixed(1)} ms to the frame; ${run.rowsRendered} of ${run.paragraphs} rows rendered`,
      )
    }
    const report: MatrixBenchReport = {
      browser: `Chromium ${browser.version()}`,
      viewport: HARNESS_VIEWPORT,
      chromiumArgs,
      pages: PAGES,
      mountsPerPage: MOUNTS,
      updatesPerPage: UPDATES,
      scrollsPerPage: SCROLLS,
      loadAverage: { start, end: loadavg()[0] ?? Number.NaN },
      runs,
    }
    process.stdout.write(`${JSON.stringify(report)}\n`)
  } finally {
    await browser.close()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('matrix bench failed:', error)
    process.exit(1)
  },
)
