import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openCliServices } from './commands.js'

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const SCRIPT = join(serverDir, 'src', 'cli', 'accord.ts')
const repoRoot = join(serverDir, '..')

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
  it('says how to get help and exits 2 for an unknown command, and 2 for a missing option', () => {
    const unknown = accord(['frobnicate'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown command 'frobnicate'")
    expect(unknown.stderr).toContain('Run `pnpm accord help` for the list of commands.')

    const missing = accord(['create-operator', '--email', 'ops@example.org'])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain('missing --name')
    const none = accord(['add-delegation'])
    expect(none.code).toBe(2)
    expect(none.stderr).toContain('missing --conference, --code, --name, --kind')
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

/** Runs the real `pnpm accord …` in the repository, as an operator types it. */
function pnpmAccord(args: string[]) {
  const result = spawnSync('pnpm', ['accord', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ACCORD_DATA_DIR: join(root, 'pnpm-data'), LOG_LEVEL: 'silent' },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

describe('pnpm accord, through pnpm', () => {
  it('fails with its own lines only: no ELIFECYCLE, no echoed command line', () => {
    const unknown = pnpmAccord(['craete-conference'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr.trim().split('\n')).toEqual([
      "accord: unknown command 'craete-conference'; did you mean 'create-conference'?",
      'Run `pnpm accord help` for the list of commands.',
    ])
    expect(unknown.stdout).toBe('')

    const missing = pnpmAccord(['invite'])
    expect(missing.code).toBe(2)
    expect(missing.stderr.trim().split('\n')).toEqual([
      'accord invite: missing --conference, --role',
      `usage: pnpm accord invite ${'--conference ID --role R [--delegation CODE] [--email E] [--expires-in-hours H] [--base-url URL]'}`,
    ])

    const refused = pnpmAccord(['list-conferences'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('no Accord data in')
    for (const run of [unknown, missing, refused]) {
      expect(run.stderr + run.stdout).not.toContain('ELIFECYCLE')
      expect(run.stderr + run.stdout).not.toMatch(/^\$ /m)
    }
    const help = pnpmAccord(['backup', '--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('--with-signing-key')
  }, 120_000)
})

describe('pnpm start', () => {
  it('stops cleanly on SIGTERM: exit code 0, no ELIFECYCLE, no server left behind', async () => {
    const child = spawn('pnpm', ['start'], {
      cwd: repoRoot,
      env: {
        ...process.env,
        PORT: '0',
        ACCORD_DATA_DIR: join(root, 'start-data'),
        ACCORD_DEMO: 'false',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, so that the cleanup below also reaches a server pnpm orphaned.
      detached: true,
    })
    let output = ''
    child.stdout.on('data', (chunk) => {
      output += chunk
    })
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    )
    try {
      const deadline = Date.now() + 90_000
      while (!/"msg":"listening"/.test(output)) {
        if (Date.now() > deadline || child.exitCode !== null) {
          throw new Error(`the server did not start:\n${output}`)
        }
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
      const port = Number(/"port":(\d+)/.exec(output)![1])
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200)

      // The signal goes to pnpm alone, as `kill <pid>` or a supervisor sends it.
      child.kill('SIGTERM')
      const result = await exited
      expect(result, output).toEqual({ code: 0, signal: null })
      expect(output).toContain('"msg":"stopped"')
      expect(output).not.toContain('ELIFECYCLE')
      // pnpm passed the signal on: the server itself stopped, rather than living on orphaned.
      await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow()
    } finally {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // The group is gone: nothing was left behind.
      }
    }
  }, 150_000)
})
