import type { Machine } from './machine.js'
import type { BenchOptions, ServerName } from './options.js'
import type { Revision } from './revision.js'
import type { WorkloadOutcome } from './runWorkload.js'
import type { FanoutResult } from './workloads/fanout.js'
import type { ManyDocumentsResult } from './workloads/manyDocuments.js'

/** Everything measured for one server. */
export interface ServerResults {
  readonly name: ServerName
  readonly label: string
  readonly settings: Readonly<Record<string, string>>
  fanout?: WorkloadOutcome<FanoutResult>
  manyDocuments?: WorkloadOutcome<ManyDocumentsResult>
}

/** One `pnpm bench` run: what ran, where, and what it measured. Written as JSON as it is. */
export interface BenchResults {
  readonly startedAt: string
  finishedAt: string
  readonly machine: Machine
  readonly accord: Revision
  /** The same at the end: each workload starts a fresh server, which loads the code as it is then. */
  accordAtEnd: Revision | null
  readonly clientVersions: Readonly<Record<string, string>>
  readonly options: BenchOptions
  readonly servers: ServerResults[]
}
