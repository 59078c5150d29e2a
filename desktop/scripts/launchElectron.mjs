#!/usr/bin/env node
// Launches the built app (out/) in Electron, or explains how to get Electron when its binary is
// missing. It never asks the `electron` package for its path: that package downloads the binary
// on first use, and this must not touch the network behind the user's back.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const desktop = join(import.meta.dirname, '..')

function electronBinary() {
  if (process.env.ELECTRON_EXEC_PATH) return process.env.ELECTRON_EXEC_PATH
  const packageDir = dirname(
    createRequire(join(desktop, 'package.json')).resolve('electron/package.json'),
  )
  const pathFile = join(packageDir, 'path.txt')
  if (!existsSync(pathFile)) return null
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(binary) ? binary : null
}

if (!existsSync(join(desktop, 'out', 'main', 'index.js'))) {
  console.error(
    'accord desktop: out/main/index.js is missing; run `pnpm --filter @accord/desktop build` first.',
  )
  process.exit(1)
}

const binary = electronBinary()
if (binary === null || !existsSync(binary)) {
  console.error(
    [
      'accord desktop: the app is built (desktop/out/), but the Electron binary is not installed.',
      'It was skipped at install time (ELECTRON_SKIP_BINARY_DOWNLOAD=1). To run the desktop app:',
      '  - on a machine with network access: `pnpm --filter @accord/desktop exec install-electron`, then `pnpm desktop`;',
      '  - or point ELECTRON_EXEC_PATH at an installed Electron 45 binary and run `pnpm desktop`.',
      'Without Electron, the same client runs in the browser: `pnpm start`, then open /app.',
    ].join('\n'),
  )
  process.exit(1)
}

const child = spawn(binary, ['.'], { cwd: desktop, stdio: 'inherit' })
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)))
