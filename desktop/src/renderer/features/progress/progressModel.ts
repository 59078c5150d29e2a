/** One entry of the agreed-text history, as `GET …/history` lists it (only what progress needs). */
export interface HistoryEntry {
  readonly seq: number
  readonly paragraphId: string
  readonly status: string
  readonly at: number
  readonly payload: { readonly label: string; readonly kind: string }
}

/** Where agreement stood after one change of status. */
export interface ProgressPoint {
  readonly seq: number
  readonly at: number
  /** The paragraph whose status changed, by working label (or kind), and its new status. */
  readonly label: string
  readonly status: string
  /** Paragraphs agreed, agreed ad ref or pending, and still open, after this change. */
  readonly agreed: number
  readonly provisional: number
  readonly open: number
}

/** The paragraphs the progress counts: the negotiated ones (preambular, operative, annex). */
const COUNTED = new Set(['preambular', 'operative', 'annex'])

/**
 * Replays the history in order: after each change of a negotiated paragraph's status, how many
 * paragraphs are agreed, provisionally agreed (ad ref, pending) and open. `total` is the number
 * of negotiated paragraphs in the text now; those never given a status count as open.
 */
export function buildProgress(entries: readonly HistoryEntry[], total: number): ProgressPoint[] {
  const statuses = new Map<string, string>()
  const points: ProgressPoint[] = []
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (!COUNTED.has(entry.payload.kind)) continue
    statuses.set(entry.paragraphId, entry.status)
    let agreed = 0
    let provisional = 0
    for (const status of statuses.values()) {
      if (status === 'agreed') agreed += 1
      else if (status === 'ad_ref' || status === 'pending') provisional += 1
    }
    const known = Math.max(total, statuses.size)
    points.push({
      seq: entry.seq,
      at: entry.at,
      label: entry.payload.label || entry.payload.kind,
      status: entry.status,
      agreed,
      provisional,
      open: known - agreed - provisional,
    })
  }
  return points
}
