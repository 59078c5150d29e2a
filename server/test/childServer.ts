import { type ChildProcess, spawn } from 'node:child_process'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..')

/** `src/main.ts` itself, with the real access policy (clients need sessions). */
export const MAIN_SCRIPT = join(serverDir, 'src', 'main.ts')
/** The same process runner with an access hook that lets everyone write (relay mechanics). */
export const OPEN_RELAY_SCRIPT = join(serverDir, 'test', 'fixtures', 'openRelayServer.ts')

/** How a child server ended. */
export interface ChildExit {
  readonly code: number | null
  readonly signal: NodeJS.Signals | null
}

/**
 * The real server process (configuration from the environment, JSON logs, signal handling)
 * running as a child, as `pnpm start` runs it.
 */
export interface ChildServer {
  readonly pid: number
  readonly port: number
  readonly dataDir: string
  /** Everything the child wrote to stdout so far. */
  stdout(): string
  /** Everything the child wrote to stderr so far. */
  stderr(): string
  /** The stdout lines that parse as JSON (pino's log records), in order. */
  logRecords(): Record<string, unknown>[]
  /** Whether the process has exited. */
  readonly exited: boolean
  /** Sends a signal; does nothing once the process has exited. */
  kill(signal: NodeJS.Signals): void
  /** Resolves with how the process ended; rejects after `timeoutMs` if it is still running. */
  waitForExit(timeoutMs?: number): Promise<ChildExit>
}

/** Options of a child server. */
export interface ChildServerOptions {
  readonly dataDir: string
  /** 0 picks a free port; pass a previous child's port to restart on the same address. */
  readonly port?: number
  /** Extra environment variables, e.g. relay limits. */
  readonly env?: Record<string, string>
  /** How long to wait for the "listening" log line. */
  readonly startTimeoutMs?: number
  /** The entry point; by default the open relay, since these tests run without accounts. */
  readonly script?: string
}

/** The parent's environment without server settings, so that only `options.env` configures the child. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !key.startsWith('ACCORD_') && key !== 'DATABASE_URL' && key !== 'REDIS_URL',
    ),
  )
}

// Children that have not exited yet, so that tests (and, as a last resort, this process's exit)
// can make sure none is left running.
const running = new Set<ChildProcess>()

process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL')
})

/**
 * Spawns `node --import tsx <script>` with its own data directory and resolves once it logs
 * that it listens. The port comes from that log line, so port 0 works.
 */
export function startChildServer({
  dataDir,
  port = 0,
  env = {},
  startTimeoutMs = 20_000,
  script = OPEN_RELAY_SCRIPT,
}: ChildServerOptions): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: serverDir,
    env: {
      ...inheritedEnv(),
      PORT: String(port),
      HOST: '127.0.0.1',
      ACCORD_DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      // No demo conference unless a test asks for one: these children test the relay.
      ACCORD_DEMO: 'false',
      // pnpm sets INIT_CWD, and the server resolves a relative data directory against it.
      INIT_CWD: serverDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  // A child that could not be spawned never emits 'exit'.
  child.once('error', () => running.delete(child))
  let out = ''
  let err = ''
  let exit: ChildExit | null = null
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child)
      exit = { code, signal }
      resolve(exit)
    })
  })
  child.stdout!.setEncoding('utf8')
  child.stderr!.setEncoding('utf8')
  child.stderr!.on('data', (chunk: string) => {
    err += chunk
  })

  const records = (): Record<string, unknown>[] =>
    out
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>]
        } catch {
          return []
        }
      })

  return new Promise<ChildServer>((resolve, reject) => {
    let settled = false
    const fail = (why: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.kill('SIGKILL')
      reject(new Error(`child server ${why}\nstdout:\n${out}\nstderr:\n${err}`))
    }
    const timer = setTimeout(
      () => fail(`did not listen within ${startTimeoutMs} ms`),
      startTimeoutMs,
    )
    void exited.then((how) => fail(`exited before listening (${JSON.stringify(how)})`))
    child.once('error', (error) => fail(`could not be spawned: ${error.message}`))
    child.stdout!.on('data', (chunk: string) => {
      out += chunk
      if (settled) return
      const listening = records().find(
        (record) => record.msg === 'listening' && typeof record.port === 'number',
      )
      if (!listening) return
      settled = true
      clearTimeout(timer)
      resolve({
        pid: child.pid!,
        port: listening.port as number,
        dataDir,
        stdout: () => out,
        stderr: () => err,
        logRecords: records,
        get exited() {
          return exit !== null
        },
        kill(signal) {
          if (exit === null) child.kill(signal)
        },
        waitForExit(timeoutMs = 10_000) {
          let deadline: NodeJS.Timeout | undefined
          const late = new Promise<never>((_, rejectLate) => {
            deadline = setTimeout(
              () => rejectLate(new Error(`child ${child.pid} still running after ${timeoutMs} ms`)),
              timeoutMs,
            )
          })
          return Promise.race([exited, late]).finally(() => clearTimeout(deadline))
        },
      })
    })
  })
}

/** SIGKILLs every child server still running and waits for them to exit; for `afterEach`. */
export async function killChildServers(): Promise<void> {
  const children = [...running]
  await Promise.all(
    children.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve()
          child.once('exit', () => resolve())
          child.kill('SIGKILL')
        }),
    ),
  )
}
