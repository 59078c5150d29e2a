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

/** Up to this many delegations (the demo's conference has about 30) the matrix renders every column. */
export const RENDER_ALL_COLUMNS_UP_TO = 40

/** Columns rendered beyond each side of the view. */
export const COLUMN_OVERSCAN = 2

/** What the scroller shows across, in CSS pixels. */
export interface ColumnViewport {
  readonly scrollLeft: number
  readonly width: number
  /** Where the first delegation's column starts (after the label and status columns). */
  readonly dataLeft: number
  readonly colWidth: number
  /** The sticky label column's width: what covers the left of the view. */
  readonly stickyWidth: number
}

/**
 * The delegation columns to render, [start, end): those in view plus {@link COLUMN_OVERSCAN}
 * either side, and `keep` (the column of the tab stop, counted among delegations) wherever it
 * is, widening the range to it; all of them up to {@link RENDER_ALL_COLUMNS_UP_TO}.
 */
export function columnRange(count: number, view: ColumnViewport, keep: number | null): RowRange {
  if (count <= RENDER_ALL_COLUMNS_UP_TO || view.colWidth <= 0) return { start: 0, end: count }
  const first = Math.floor((view.scrollLeft + view.stickyWidth - view.dataLeft) / view.colWidth)
  const last = Math.ceil((view.scrollLeft + view.width - view.dataLeft) / view.colWidth)
  let start = Math.max(0, Math.min(count, first - COLUMN_OVERSCAN))
  let end = Math.max(start, Math.min(count, last + COLUMN_OVERSCAN))
  if (keep !== null && keep >= 0 && keep < count) {
    start = Math.min(start, keep)
    end = Math.max(end, keep + 1)
  }
  return { start, end }
}

/**
 * The scrollLeft that brings delegation column `index` wholly into view beside the sticky
 * label column, moving as little as possible.
 */
export function scrollLeftFor(index: number, view: ColumnViewport): number {
  const left = view.dataLeft + index * view.colWidth
  const right = left + view.colWidth
  if (left - view.stickyWidth < view.scrollLeft) return Math.max(0, left - view.stickyWidth)
  if (right > view.scrollLeft + view.width) return right - view.width
  return view.scrollLeft
}
