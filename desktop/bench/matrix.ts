// The position matrix's benchmark (issue #12): the real MatrixTable, built for production, in
// real Chromium. `pnpm bench` runs it (server/bench/matrix/runMatrixBench.ts spawns this file);
// alone: `node --import tsx desktop/bench/matrix.ts [--quick]` from a directory that has tsx.
// Progress goes to stderr; the samples, as one JSON object (MatrixBenchReport), to stdout.
//
// Each step (a mount, an update, a scroll) is one page.evaluate, so that the main thread's CPU
// time (DevTools' Performance.getMetrics ThreadTime, in thread ticks) can be read around it:
// on this shared machine the wall clock also counts the time other processes held the CPU.
import { loadavg } from 'node:os'
import { type CDPSession, chromium, type Page } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../test/support/chromium.js'
import {
  buildMatrixHarness,
  HARNESS_VIEWPORT,
  type HarnessWindow,
  openHarness,
} from './matrixHarness.js'

/** A mount: wall-clock times from the page, and the main thread's CPU until its frame. */
export interface MountSample {
  readonly toLayout: number
  readonly model: number
  readonly react: number
  readonly toFrame: number
  readonly cpuToFrame: number
}

/** An update after one position changed, likewise. */
export interface UpdateSample {
  readonly toLayout: number
  readonly model: number
  readonly react: number
  readonly cpuToFrame: number
}

/** One fresh page's samples. */
export interface PageRun {
  readonly paragraphs: number
  readonly delegations: number
  readonly rowsRendered: number
  readonly cellsRendered: number
  /** The most rows whose DOM one update changed. */
  readonly rowsTouched: number
  /** The CPU an empty step costs (the evaluate and the metrics call), already subtracted. */
  readonly stepOverheadCpu: number
  readonly mounts: readonly MountSample[]
  readonly updates: readonly UpdateSample[]
  readonly scrolls: readonly { readonly wall: number; readonly cpu: number }[]
}

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
  readonly runs: readonly PageRun[]
}

const quick = process.argv.includes('--quick')
const PAGES = quick ? 2 : 8
const MOUNTS = quick ? 3 : 5
const UPDATES = quick ? 30 : 100
const SCROLLS = quick ? 5 : 12
const PARAGRAPHS = 200
const DELEGATIONS = 60

function log(message: string): void {
  process.stderr.write(`  matrix: ${message}\n`)
}

async function threadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics')
  const thread = metrics.find((m) => m.name === 'ThreadTime')
  if (!thread) throw new Error('this Chromium reports no ThreadTime')
  return thread.value * 1000
}

/** Runs `step` in the page and returns its result and the main thread's CPU it took. */
async function measured<T>(
  cdp: CDPSession,
  step: () => Promise<T>,
  overhead = 0,
): Promise<{ result: T; cpu: number }> {
  const before = await threadMs(cdp)
  const result = await step()
  const after = await threadMs(cdp)
  return { result, cpu: Math.max(0, after - before - overhead) }
}

async function runPage(page: Page, cdp: CDPSession): Promise<PageRun> {
  await page.evaluate(
    async (options) => {
      const w = window as unknown as HarnessWindow & { prepared?: unknown }
      w.prepared = await w.matrixBench.prepareMatrix(options)
    },
    { paragraphs: PARAGRAPHS, delegations: DELEGATIONS },
  )
  const empties: number[] = []
  for (let i = 0; i < 9; i++) {
    empties.push((await measured(cdp, () => page.evaluate(() => 0))).cpu)
  }
  const overhead = empties.sort((a, b) => a - b)[4]!

  const mounts: MountSample[] = []
  for (let m = 0; m < MOUNTS; m++) {
    await page.evaluate(async () => {
      const w = window as unknown as HarnessWindow & { mounted?: { unmount(): void } }
      w.mounted?.unmount()
      await w.matrixBench.afterNextFrame()
    })
    const { result, cpu } = await measured(
      cdp,
      () =>
        page.evaluate(async () => {
          const w = window as unknown as HarnessWindow & {
            prepared: Awaited<ReturnType<HarnessWindow['matrixBench']['prepareMatrix']>>
            mounted?: unknown
          }
          const mounted = w.prepared.mount(document.getElementById('root')!)
          w.mounted = mounted
          const frame = await w.matrixBench.afterNextFrame()
          return { ...mounted.first, toFrame: frame - mounted.startedAt }
        }),
      overhead,
    )
    mounts.push({ ...result, cpuToFrame: cpu })
  }
  const shape = await page.evaluate(() => ({
    rows: document.querySelectorAll('tbody tr[data-pid]').length,
    cells: document.querySelectorAll('tbody td[data-delegation]').length,
    onScreen: [...document.querySelectorAll<HTMLElement>('tbody tr[data-pid]')]
      .slice(0, 20)
      .map((tr) => tr.dataset.pid!),
    // The delegations whose columns are rendered (the columns in view and a few either side).
    codes: [
      ...document.querySelectorAll<HTMLElement>(
        'tbody tr[data-pid]:first-child td[data-delegation]',
      ),
    ].map((td) => td.dataset.delegation!),
  }))
  if (shape.rows === 0 || shape.cells !== shape.rows * shape.codes.length) {
    throw new Error(`the first render showed ${shape.cells} cells in ${shape.rows} rows`)
  }

  const updates: UpdateSample[] = []
  let rowsTouched = 0
  for (let k = 0; k < UPDATES; k++) {
    const pid = shape.onScreen[(k * 7) % shape.onScreen.length]!
    const code = shape.codes[(k * 11) % shape.codes.length]!
    const value = await page.evaluate(
      ({ pid, code }) => {
        const w = window as unknown as HarnessWindow & {
          mounted: Awaited<ReturnType<HarnessWindow['matrixBench']['mountMatrix']>>
        }
        return w.mounted.togglePosition(pid, code)
      },
      { pid, code },
    )
    const { result, cpu } = await measured(
      cdp,
      () =>
        page.evaluate(
          async ({ pid, code, value }) => {
            const w = window as unknown as HarnessWindow & {
              mounted: Awaited<ReturnType<HarnessWindow['matrixBench']['mountMatrix']>>
            }
            const root = document.getElementById('root')!
            const observer = new MutationObserver(() => {})
            observer.observe(root, {
              subtree: true,
              attributes: true,
              childList: true,
              characterData: true,
            })
            const timing = w.mounted.render()
            const rows = new Set(
              observer.takeRecords().map((record) => {
                const target =
                  record.target instanceof Element ? record.target : record.target.parentElement
                return target?.closest('tr') ?? target
              }),
            )
            observer.disconnect()
            const cell = root.querySelector(`tr[data-pid="${pid}"] td[data-delegation="${code}"]`)
            if (cell?.getAttribute('data-value') !== value) {
              throw new Error(`the matrix did not show the change to ${pid}/${code}`)
            }
            await w.matrixBench.afterNextFrame()
            return { ...timing, rowsTouched: rows.size }
          },
          { pid, code, value },
        ),
      overhead,
    )
    const { rowsTouched: touched, ...timing } = result
    rowsTouched = Math.max(rowsTouched, touched)
    updates.push({ ...timing, cpuToFrame: cpu })
  }

  const scrolls: { wall: number; cpu: number }[] = []
  for (let s = 0; s < SCROLLS; s++) {
    await page.evaluate(() => (window as unknown as HarnessWindow).matrixBench.afterNextFrame())
    const { result, cpu } = await measured(
      cdp,
      () =>
        page.evaluate(() =>
          (window as unknown as HarnessWindow).matrixBench.scrollByScreen(
            document.getElementById('root')!,
          ),
        ),
      overhead,
    )
    scrolls.push({ wall: result, cpu })
  }
  return {
    paragraphs: PARAGRAPHS,
    delegations: DELEGATIONS,
    rowsRendered: shape.rows,
    cellsRendered: shape.cells,
    rowsTouched,
    stepOverheadCpu: overhead,
    mounts,
    updates,
    scrolls,
  }
}

async function main(): Promise<void> {
  const start = loadavg()[0] ?? Number.NaN
  log('building the harness (vite, production)')
  const harness = await buildMatrixHarness()
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
  const runs: PageRun[] = []
  try {
    for (let p = 0; p < PAGES; p++) {
      // A fresh page each time, so each run's first mount is a cold one (a new JS context).
      const { page, problems, close } = await openHarness(browser, harness)
      const cdp = await page.context().newCDPSession(page)
      await cdp.send('Performance.enable', { timeDomain: 'threadTicks' })
      const run = await runPage(page, cdp)
      await close()
      if (problems.length > 0) throw new Error(`the page reported: ${problems.join('; ')}`)
      runs.push(run)
      const cold = run.mounts[0]!
      log(
        `page ${p + 1}/${PAGES}: cold mount ${cold.toLayout.toFixed(1)} ms to layout, ` +
          `${cold.toFrame.toFixed(1)} ms to the frame (main-thread CPU ${cold.cpuToFrame.toFixed(1)} ms); ` +
          `${run.rowsRendered} of ${run.paragraphs} rows rendered; load average ${(loadavg()[0] ?? 0).toFixed(1)}`,
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
