#!/usr/bin/env node
// Installs the workspace with pnpm, so that the README's commands work on a fresh clone.
//
// better-sqlite3 is a native addon. Where its prebuilt binary cannot be downloaded, node-gyp
// compiles it and needs Node's headers. pnpm ignores `nodedir` from .npmrc, so when the headers
// are installed system-wide (as on Debian's nodejs package) we pass them through the environment.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'

const env = { ...process.env }
if (!env.npm_config_nodedir) {
  const prefix = dirname(dirname(process.execPath))
  if (existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix
}
const args = ['install']
if (env.CI) args.push('--frozen-lockfile')
const result = spawnSync('pnpm', args, { stdio: 'inherit', env })
if (result.error) {
  console.error(`accord setup: could not run pnpm (${result.error.message}).`)
  console.error('Install it first: npm install -g pnpm@12.4.2')
  process.exit(1)
}
process.exit(result.status ?? 1)
