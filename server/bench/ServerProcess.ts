import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { readCpuSeconds, readRssBytes } from './procfs.js'
import type { DraftContext, ServerMessage, ServerStats } from './servers/ipc.js'
import type { Target } from './targets.js'

const serverDir = fileURLToPath(new URL('..', import.meta.url))
const TAIL_LINES = 100

// Children and temp directories still alive. The exit hook runs on every way out of the bench
// (normal end, uncaught error, process.exit from a signal handler) and is synchronous, which is
// all that 'exit' allows.
const live = new Set<ChildProcess>()
const pendingCleanups = new Set<() => void>()
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL')
  for (const cleanup of pendingCleanups) cleanup()
})

function isServerMessage(value: unknown): value is ServerMessage {
  return typeof value === 'object' && value !== null && 'type' in value
}

/** How a child process ended. */
export interface ProcessExit {
  readonly code: number | null
  readonly signal: string | null
}

/** A server under test, running in its own process so that it has an event loop to itself. */
export class ServerProcess {
  readonly #child: ChildProcess
  readonly #cleanup: () => void
  readonly #tail: string[] = []
  #port = 0
  #drafts: DraftContext | null = null
  #exit: ProcessExit | null = null
  #stopping = false

  private constructor(
    readonly target: Target,
    extraEnv: Readonly<Record<string, string>>,
  ) {
    const { env: targetEnv, cleanup } = target.prepare()
    const env = { ...targetEnv, ...extraEnv }
    this.#cleanup = cleanup
    pendingCleanups.add(cleanup)
    // --expose-gc only makes `gc()` callable; the server's stats call it to read the live heap.
    this.#child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', target.script], {
      cwd: serverDir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    live.add(this.#child)
    this.#child.stdout?.on('data', (chunk: Buffer) => this.#keep(chunk))
    this.#child.stderr?.on('data', (chunk: Buffer) => this.#keep(chunk))
    this.#child.once('exit', (code, signal) => {
      this.#exit = { code, signal }
      live.delete(this.#child)
    })
  }

  /** Spawns the target's script (with `env` added) and resolves once it listens. */
  static async start(
    target: Target,
    env: Readonly<Record<string, string>> = {},
    timeoutMs = target.startTimeoutMs ?? 30_000,
  ): Promise<ServerProcess> {
    const server = new ServerProcess(target, env)
    try {
      server.#port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`${target.name} did not start within ${timeoutMs} ms`)),
          timeoutMs,
        )
        server.#child.on('message', (message: unknown) => {
          if (isServerMessage(message) && message.type === 'ready') {
            clearTimeout(timer)
            server.#drafts = message.drafts ?? null
            resolve(message.port)
          }
        })
        server.#child.once('exit', (code, signal) => {
          clearTimeout(timer)
          const output = server.#tail.join('\n')
          reject(new Error(`${target.name} exited (${code ?? signal}) while starting:\n${output}`))
        })
      })
    } catch (error) {
      await server.stop()
      throw error
    }
    return server
  }

  #keep(chunk: Buffer): void {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue
      this.#tail.push(line)
      if (this.#tail.length > TAIL_LINES) this.#tail.shift()
    }
  }

  get port(): number {
    return this.#port
  }

  /** The session and drafts of a server that serves real drafts; null for the others. */
  get drafts(): DraftContext | null {
    return this.#drafts
  }

  get pid(): number {
    return this.#child.pid ?? -1
  }

  /** How the process ended, or null while it runs. Non-null before `stop` means it crashed. */
  get exit(): ProcessExit | null {
    return this.#exit
  }

  /** The last lines the server wrote to stdout or stderr. */
  get outputTail(): readonly string[] {
    return this.#tail
  }

  rssBytes(): number {
    return readRssBytes(this.pid)
  }

  cpuSeconds(): number {
    return readCpuSeconds(this.pid)
  }

  /** What the server says about itself, or null if it does not answer. */
  stats(timeoutMs = 5_000): Promise<ServerStats | null> {
    if (this.#exit) return Promise.resolve(null)
    return new Promise((resolve) => {
      const onMessage = (message: unknown) => {
        if (isServerMessage(message) && message.type === 'stats') {
          clearTimeout(timer)
          this.#child.off('message', onMessage)
          resolve(message.stats)
        }
      }
      const timer = setTimeout(() => {
        this.#child.off('message', onMessage)
        resolve(null)
      }, timeoutMs)
      this.#child.on('message', onMessage)
      this.#child.send({ type: 'stats' })
    })
  }

  /** Asks the server to stop, kills it after three seconds, and removes its files. */
  async stop(): Promise<void> {
    if (this.#stopping) return
    this.#stopping = true
    if (!this.#exit) {
      const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()))
      this.#child.kill('SIGTERM')
      const killer = setTimeout(() => this.#child.kill('SIGKILL'), 3_000)
      await exited
      clearTimeout(killer)
    }
    live.delete(this.#child)
    this.#cleanup()
    pendingCleanups.delete(this.#cleanup)
  }
}
