import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCliServices } from './commands.js'

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const SCRIPT = join(serverDir, 'src', 'cli', 'accord.ts')

let root: string

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'accord-cli-process-'))
})

afterEach(() => {
  rmSync(root, { recursive: true, force: true })
})

/**
 * Runs `accord.ts` as `pnpm accord` runs it: in the server's folder, with INIT_CWD set to where
 * the user ran pnpm and a data directory relative to it.
 */
function accord(args: string[], input = '') {
  const result = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    cwd: serverDir,
    env: { ...process.env, INIT_CWD: root, ACCORD_DATA_DIR: 'accord-data', LOG_LEVEL: 'silent' },
    input,
    encoding: 'utf8',
    timeout: 20_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('pnpm accord, as a process', () => {
  it('prints the usage and exits 2 for an unknown command, and 2 for a missing option', () => {
    const unknown = accord(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown command 'frobnicate'")
    expect(unknown.stderr).toContain('Usage: pnpm accord <command> [options]')

    const missing = accord(['create-operator', '--email', 'ops@example.org'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('missing --name')
    // Nothing was opened, so nothing was created.
    expect(existsSync(join(root, 'accord-data'))).toBe(false)
  })

  it('creates an operator in ACCORD_DATA_DIR, relative to INIT_CWD, whose password signs in', async () => {
    const created = accord(['create-operator', '--email', 'ops@example.org', '--name', 'Olga Ops'])
    expect(created.stderr).toBe('')
    expect(created.code).toBe(0)
    const password = /password for ops@example\.org: (\S+)/.exec(created.stdout)![1]!

    const services = await openCliServices(join(root, 'accord-data'))
    try {
      expect(await services.accounts.authenticate('ops@example.org', password)).toMatchObject({
        isOperator: true,
      })
    } finally {
      await services.db.destroy()
    }

    const help = accord([])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('create-conference --name N --venue V')
  })
})
