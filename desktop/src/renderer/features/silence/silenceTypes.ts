/** A silence procedure, as the shared mirror holds it (map `silence`, server/src/outcomes/mirror.ts). */
export interface SilenceEntry {
  readonly id: string
  readonly state: 'running' | 'broken' | 'adopted' | 'withdrawn' | 'failed'
  readonly startedAt: number
  readonly deadline: number
  readonly message: string | null
  readonly endedAt: number | null
  /** The code of the delegation that broke silence. */
  readonly brokenBy: string | null
  readonly reason: string | null
}

/** The procedures, oldest first (ties by id, so every client lists them alike). */
export function inOrder(entries: Iterable<SilenceEntry>): SilenceEntry[] {
  return [...entries].sort((a, b) => a.startedAt - b.startedAt || a.id.localeCompare(b.id))
}
