#!/usr/bin/env node
// Runs every check the project has: types, lint, and every Vitest project.
// Ends with one plain line, "N passed, N failed", counted from Vitest's JSON report.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { findChromium } from './chromium.mjs'

const report = 'test-results.json'

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { stdio: 'inherit', env })
  return result.status ?? 1
}

let failedSteps = 0

// The browser tests drive a real Chromium. Found (or installed) before anything runs, so that a
// missing browser stops the run with its fix instead of failing a test file halfway.
const chromium = findChromium()
if (chromium.error) {
  console.error(`accord test: ${chromium.error}`)
  console.log('0 passed, 1 failed')
  process.exit(1)
}
const testEnv = { ...process.env, CHROMIUM_PATH: chromium.path }
for (const [name, command, args] of [
  ['typecheck', 'pnpm', ['exec', 'tsc', '-b']],
  ['lint', 'pnpm', ['exec', 'biome', 'check', '.']],
]) {
  if (run(command, args) !== 0) {
    console.error(`accord test: ${name} failed`)
    failedSteps += 1
  }
}

rmSync(report, { force: true })
const vitestStatus = run(
  'pnpm',
  [
    'exec',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  testEnv,
)

let passed = 0
let failed = failedSteps
let skipped = 0
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed += json.numPassedTests
  failed += json.numFailedTests
  skipped += json.numPendingTests + json.numTodoTests
  // A suite that fails to load has no tests to count, but it is a failure all the same.
  if (json.numFailedTestSuites > 0 && json.numFailedTests === 0) failed += json.numFailedTestSuites
} else {
  failed += 1
}
if (vitestStatus !== 0 && failed === 0) failed = 1

console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed === 0 ? 0 : 1)
