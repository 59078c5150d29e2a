import { performance } from 'node:perf_hooks'
import { readMachineBusySeconds } from './procfs.js'
import type { ServerProcess } from './ServerProcess.js'

/** CPU and event-loop use over one measured phase. */
export interface ResourceUse {
  readonly seconds: number
  /**
   * Event-loop utilisation of the bench process (0–1). Near 1, the load generator, not the
   * server, set the pace: every client lives on that one loop.
   */
  readonly generatorLoopBusy: number
  /** CPU the bench process used, in cores (1 = one core fully busy). */
  readonly generatorCpuCores: number
  /** CPU the server process used (all its threads), in cores. */
  readonly serverCpuCores: number
  /**
   * CPU everything else on the machine used, in cores. The machine has two cores; a phase in
   * which other processes took a large share of them measured contention, not the server.
   */
  readonly otherCpuCores: number
}

/** Starts measuring; the returned function ends the phase and reports. */
export function startMeter(server: ServerProcess): () => ResourceUse {
  const wallStart = performance.now()
  const eluStart = performance.eventLoopUtilization()
  const cpuStart = process.cpuUsage()
  const serverStart = server.cpuSeconds()
  const machineStart = readMachineBusySeconds()
  return () => {
    const seconds = (performance.now() - wallStart) / 1000
    const elu = performance.eventLoopUtilization(eluStart)
    const cpu = process.cpuUsage(cpuStart)
    const generatorCpuCores = (cpu.user + cpu.system) / 1e6 / seconds
    const serverCpuCores = (server.cpuSeconds() - serverStart) / seconds
    const machineCores = (readMachineBusySeconds() - machineStart) / seconds
    return {
      seconds,
      generatorLoopBusy: elu.utilization,
      generatorCpuCores,
      serverCpuCores,
      otherCpuCores: Math.max(0, machineCores - generatorCpuCores - serverCpuCores),
    }
  }
}
