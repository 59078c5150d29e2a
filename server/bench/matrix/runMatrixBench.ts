import { execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describeMachine, type Machine } from '../machine.js'
import {
  type MatrixBenchReport,
  type MatrixSummary,
  matrixBenchReport,
  summarizeMatrix,
} from './matrixReport.js'

const serverDir = fileURLToPath(new URL('../..', import.meta.url))
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url))
const script = fileURLToPath(new URL('../../../desktop/bench/matrix.ts', import.meta.url))
/** The client code the figures belong to. */
const CODE_PATHS = ['desktop/src/renderer', 'desktop/bench']
/** Building the harness, starting Chromium and eight pages: past this, something hangs. */
const DEADLINE_MS = 10 * 60_000

/** One run of the matrix bench, as results/matrix.json keeps it. */
export interface MatrixResults {
  readonly startedAt: string
  readonly finishedAt: string
  readonly quick: boolean
  readonly machine: Machine
  /** The commit, and the files of the client code that differed from it. */
  readonly commit: string
  readonly uncommitted: readonly string[]
  readonly summary: MatrixSummary
  readonly report: MatrixBenchReport
}

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
  } catch {
    return ''
  }
}

/**
 * Runs desktop/bench/matrix.ts in a child process (the desktop's own dependencies: vite,
 * playwright-core; tsx from here) and reads the samples it prints.
 */
export async function runMatrixBench(quick: boolean): Promise<MatrixResults> {
  const startedAt = new Date().toISOString()
  const machine = describeMachine()
  const commit = git('rev-parse', '--short=12', 'HEAD').trim() || 'unknown'
  const uncommitted = git('status', '--porcelain', '--', ...CODE_PATHS)
    .split('\n')
    .filter((line) => line.length > 3)
    .map((line) => line.slice(3))
  const stdout = await new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', script, ...(quick ? ['--quick'] : [])],
      // tsx resolves from the server's dependencies; the script's own imports from the desktop's.
      { cwd: serverDir, stdio: ['ignore', 'pipe', 'inherit'] },
    )
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => {
      out += chunk
    })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`the matrix bench did not finish within ${DEADLINE_MS / 60_000} minutes`))
    }, DEADLINE_MS)
    child.on('error', reject)
    child.on('exit', (code) => {
      clearTimeout(timer)
      if (code === 0) resolve(out)
      else reject(new Error(`the matrix bench exited with ${code}`))
    })
  })
  const last = stdout.trim().split('\n').at(-1) ?? ''
  const report = matrixBenchReport.parse(JSON.parse(last))
  return {
    startedAt,
    finishedAt: new Date().toISOString(),
    quick,
    machine,
    commit,
    uncommitted,
    summary: summarizeMatrix(report),
    report,
  }
}
