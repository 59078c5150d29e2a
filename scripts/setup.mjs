#!/usr/bin/env node
// Installs the workspace with pnpm and builds the web client, so that the README's commands work
// on a fresh clone. Every prerequisite it finds missing is named with its fix.
//
// better-sqlite3 is a native addon. Where its prebuilt binary cannot be downloaded, node-gyp
// compiles it and needs Node's headers. pnpm ignores `nodedir` from .npmrc, so when the headers
// are installed system-wide (as with Debian's nodejs package) we pass them through the
// environment; node-gyp would otherwise try to download them.
//
// This runs as `pnpm run setup`. pnpm would install before running any script (its
// verifyDepsBeforeRun setting), without this environment, and fail on the compile; the
// workspace sets verifyDepsBeforeRun to `warn` so that this script does the install.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { installProblems, nodeVersionProblem } from './prerequisites.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')

function fail(lines) {
  for (const line of lines) console.error(`accord setup: ${line}`)
  process.exit(1)
}

function has(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

const tooOld = nodeVersionProblem(process.versions.node)
if (tooOld) fail(tooOld)

const env = { ...process.env }
if (!env.npm_config_nodedir) {
  const prefix = dirname(dirname(process.execPath))
  if (existsSync(join(prefix, 'include', 'node', 'node.h'))) env.npm_config_nodedir = prefix
}

/** Why an install failed, as far as this machine can tell, with the fix for each cause. */
async function diagnose() {
  const registry = (
    spawnSync('npm', ['config', 'get', 'registry'], { encoding: 'utf8' }).stdout ||
    'https://registry.npmjs.org/'
  ).trim()
  let registryError = null
  try {
    const response = await fetch(registry, { signal: AbortSignal.timeout(8000) })
    if (response.status >= 500) registryError = `HTTP ${response.status}`
  } catch (error) {
    registryError = error.cause?.code ?? error.message
  }
  return installProblems({
    registry,
    registryError,
    missingTools: ['python3', 'make', 'c++'].filter((tool) => !has(tool)),
    nodedir: env.npm_config_nodedir ?? null,
    debian: existsSync('/etc/debian_version'),
  })
}

const started = Date.now()
const args = ['install']
if (env.CI) args.push('--frozen-lockfile')
const install = spawnSync('pnpm', args, { stdio: 'inherit', env, cwd: root })
if (install.error) {
  fail([
    `could not run pnpm (${install.error.message}).`,
    'Fix: npm install -g pnpm@12.4.2, then run the command again.',
  ])
}
if (install.status !== 0) {
  const causes = await diagnose()
  fail([
    'pnpm install failed (see its output above).',
    ...(causes.length > 0 ? ['What this machine lacks:', ...causes] : []),
  ])
}
console.log(`accord setup: installed in ${Math.round((Date.now() - started) / 1000)} s`)

// The web client, which the server serves at /app, is built once here rather than at every start.
if (existsSync(join(root, 'desktop', 'vite.web.config.ts'))) {
  const building = Date.now()
  const build = spawnSync('pnpm', ['--filter', '@accord/desktop', 'build:web'], {
    stdio: 'inherit',
    env,
    cwd: root,
  })
  if (build.status !== 0) fail(['building the web client failed (see above).'])
  console.log(`accord setup: web client built in ${Math.round((Date.now() - building) / 1000)} s`)
}
