import { ServerProcess } from './ServerProcess.js'
import type { ServerStats } from './servers/ipc.js'
import type { Target } from './targets.js'

/** What running one workload against one server gave. */
export type WorkloadOutcome<T> =
  | {
      readonly ok: true
      readonly result: T
      /** What the server said about itself afterwards. */
      readonly serverStats: ServerStats | null
      /** What the server wrote to stdout/stderr (Accord logs warnings and errors only). */
      readonly serverOutput: readonly string[]
    }
  | { readonly ok: false; readonly error: string; readonly serverOutput: readonly string[] }

/**
 * Runs `workload` against a fresh server process, so that each workload starts from an empty
 * server and its memory figures are its own. The server is stopped however the workload ends;
 * a failure (or a server that died under load) becomes an outcome, not an exception, so that
 * the other servers still run.
 */
export async function runWorkload<T>(
  target: Target,
  workload: (server: ServerProcess) => Promise<T>,
  env: Readonly<Record<string, string>> = {},
): Promise<WorkloadOutcome<T>> {
  let server: ServerProcess | null = null
  try {
    server = await ServerProcess.start(target, env)
    const result = await workload(server)
    if (server.exit) {
      const { code, signal } = server.exit
      throw new Error(`the server exited during the workload (${code ?? signal})`)
    }
    const serverStats = await server.stats()
    return { ok: true, result, serverStats, serverOutput: [...server.outputTail] }
  } catch (error) {
    return {
      ok: false,
      error: error instanceof Error ? error.message : String(error),
      serverOutput: [...(server?.outputTail ?? [])],
    }
  } finally {
    await server?.stop()
  }
}
