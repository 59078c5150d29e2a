import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import type { Browser, Page } from 'playwright-core'
import { build, type Rollup } from 'vite'
import type { MatrixBenchApi } from '../src/renderer/features/matrix/matrixBenchTypes.js'

const entry = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'src',
  'renderer',
  'features',
  'matrix',
  'matrixBench.entry.ts',
)

/** The harness bundle: its script (an IIFE that sets window.matrixBench) and the app's styles. */
export interface MatrixHarness {
  readonly script: string
  readonly styles: string
}

/**
 * Builds matrixBench.entry.ts as the app is built for production (minified, React's production
 * build), with the app's stylesheet, so that what is timed is what users run.
 */
export async function buildMatrixHarness(): Promise<MatrixHarness> {
  // Vitest runs with NODE_ENV=test, which makes the JSX transform emit development calls.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  const output = (await build({
    configFile: false,
    mode: 'production',
    logLevel: 'silent',
    plugins: [react()],
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: true,
      lib: { entry, formats: ['iife'], name: 'matrixBenchBundle', fileName: 'matrixBench' },
    },
  }).finally(() => {
    process.env.NODE_ENV = nodeEnv
  })) as Rollup.RollupOutput[]
  const files = output.flatMap((o) => o.output)
  const chunk = files.find((o) => o.type === 'chunk')
  if (chunk?.type !== 'chunk') throw new Error('the matrix harness did not build')
  const styles = files
    .filter((o) => o.type === 'asset' && o.fileName.endsWith('.css'))
    .map((o) => (o.type === 'asset' ? String(o.source) : ''))
    .join('\n')
  if (!styles.includes('.cell-objection')) throw new Error('the harness built without its styles')
  return { script: chunk.code, styles }
}

/** The viewport of the browser tests' pages (desktop/test/e2e/support/browser.ts). */
export const HARNESS_VIEWPORT = { width: 1360, height: 900 } as const

/** A fresh page (its own JavaScript context) with the harness loaded and nothing mounted. */
export async function openHarness(
  browser: Browser,
  harness: MatrixHarness,
  language: 'en' | 'ja' = 'en',
): Promise<{ page: Page; problems: string[]; close(): Promise<void> }> {
  // A context of its own (axe's Playwright driver needs one it can open pages in).
  const context = await browser.newContext({
    viewport: HARNESS_VIEWPORT,
    locale: language === 'ja' ? 'ja-JP' : 'en-US',
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`))
  await page.setContent(
    `<!doctype html><html lang="${language}"><head><title>Matrix</title></head><body><main id="root"></main></body></html>`,
  )
  await page.addStyleTag({ content: harness.styles })
  await page.addScriptTag({ content: harness.script })
  const ready = await page.evaluate(() => 'matrixBench' in window)
  if (!ready) throw new Error('the matrix harness did not load')
  return { page, problems, close: () => context.close() }
}

/** window.matrixBench, as the harness page has it (for page.evaluate callbacks). */
export type HarnessWindow = Window & { matrixBench: MatrixBenchApi }
