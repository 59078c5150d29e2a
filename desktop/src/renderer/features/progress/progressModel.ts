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

/** Where agreement stood at the end of one calendar day. */
export interface DayProgress {
  /** The day, as YYYY-MM-DD in the time zone the history was bucketed in. */
  readonly day: string
  readonly agreed: number
  readonly provisional: number
  readonly open: number
  /** How many changes of status were made that day (0 on a day carried over unchanged). */
  readonly changes: number
}

/** The calendar day (YYYY-MM-DD) of an instant in a time zone. */
export function dayOf(at: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('year')}-${part('month')}-${part('day')}`
}

/** The calendar day after `day` (both YYYY-MM-DD); days are counted on the calendar, not in hours. */
function nextDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, d! + 1)).toISOString().slice(0, 10)
}

/**
 * The progress points bucketed per calendar day in `timeZone`: for every day from the first
 * change to `until` (an instant, usually now; never before the last change), where agreement
 * stood at the day's end. A day without a change repeats the day before, so the days run
 * without gaps and a chart's axis is even. The days are computed on the calendar, so a day of
 * 23 or 25 hours (a change of summer time) is still one day.
 */
export function progressByDay(
  points: readonly ProgressPoint[],
  timeZone: string,
  until?: number,
): DayProgress[] {
  if (points.length === 0) return []
  const ends = new Map<string, { point: ProgressPoint; changes: number }>()
  for (const point of points) {
    const day = dayOf(point.at, timeZone)
    ends.set(day, { point, changes: (ends.get(day)?.changes ?? 0) + 1 })
  }
  // Days as YYYY-MM-DD sort as strings. The history is in order of seq; a server clock set
  // back could make a later change carry an earlier time, so the ends are taken from all days.
  const known = [...ends.keys()].sort()
  const first = known[0]!
  const lastChange = known.at(-1)!
  const last = until === undefined ? lastChange : [lastChange, dayOf(until, timeZone)].sort()[1]!
  const days: DayProgress[] = []
  let current = points[0]!
  for (let day = first; day <= last; day = nextDay(day)) {
    const end = ends.get(day)
    if (end) current = end.point
    days.push({
      day,
      agreed: current.agreed,
      provisional: current.provisional,
      open: current.open,
      changes: end?.changes ?? 0,
    })
  }
  return days
}
