/** Up to this many rows the matrix renders them all: a window would save little. */
export const RENDER_ALL_UP_TO = 60

/** Rows rendered beyond each edge of the view, so that a small scroll shows no gap. */
export const OVERSCAN = 6

/** What the scroller shows, in CSS pixels. */
export interface Viewport {
  readonly scrollTop: number
  readonly height: number
  /** What sits above the first body row inside the scroller (the sticky header rows). */
  readonly headHeight: number
  /** The height of one body row (the rows are one line each, so all alike). */
  readonly rowHeight: number
}

/** A half-open range of row indices, [start, end). */
export interface RowRange {
  readonly start: number
  readonly end: number
}

/**
 * The rows to render for a viewport: those in view plus {@link OVERSCAN} on each side, or all
 * of them when there are at most {@link RENDER_ALL_UP_TO}.
 */
export function rowRange(count: number, view: Viewport): RowRange {
  if (count <= RENDER_ALL_UP_TO || view.rowHeight <= 0) return { start: 0, end: count }
  // Row i occupies [headHeight + i·rowHeight, headHeight + (i+1)·rowHeight) in the scroller.
  const first = Math.floor((view.scrollTop - view.headHeight) / view.rowHeight)
  const last = Math.ceil((view.scrollTop + view.height - view.headHeight) / view.rowHeight)
  const start = Math.max(0, Math.min(count, first - OVERSCAN))
  const end = Math.max(start, Math.min(count, last + OVERSCAN))
  return { start, end }
}

/** A run of rendered rows, or a gap that a spacer of `rows` row heights stands in for. */
export type RowSegment =
  | { readonly kind: 'rows'; readonly start: number; readonly end: number }
  | { readonly kind: 'gap'; readonly rows: number }

/**
 * The body as rendered: the range, and the row `keep` (the one holding the grid's tab stop)
 * wherever it is, so that focus survives a scroll away from it, with gaps for the rest.
 */
export function rowSegments(count: number, range: RowRange, keep: number | null): RowSegment[] {
  const runs: { start: number; end: number }[] = []
  if (keep !== null && keep >= 0 && keep < count && (keep < range.start || keep >= range.end)) {
    runs.push({ start: keep, end: keep + 1 })
  }
  if (range.end > range.start) runs.push({ start: range.start, end: range.end })
  runs.sort((a, b) => a.start - b.start)
  const segments: RowSegment[] = []
  let at = 0
  for (const run of runs) {
    if (run.start > at) segments.push({ kind: 'gap', rows: run.start - at })
    segments.push({ kind: 'rows', start: run.start, end: run.end })
    at = run.end
  }
  if (count > at) segments.push({ kind: 'gap', rows: count - at })
  return segments
}

/**
 * The scrollTop that brings row `index` fully into view below the sticky header, moving as
 * little as possible (none if it is already in view).
 */
export function scrollTopFor(index: number, view: Viewport): number {
  const top = view.headHeight + index * view.rowHeight
  const bottom = top + view.rowHeight
  if (top - view.headHeight < view.scrollTop) return Math.max(0, top - view.headHeight)
  if (bottom > view.scrollTop + view.height) return bottom - view.height
  return view.scrollTop
}
