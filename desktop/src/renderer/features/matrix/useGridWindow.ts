import { type RefObject, useCallback, useLayoutEffect, useRef, useState } from 'react'
import {
  type ColumnViewport,
  columnRange,
  type RowRange,
  rowRange,
  scrollLeftFor,
  scrollTopFor,
  type Viewport,
} from './rowWindow'

/** A first guess at a row's height (0.8rem text and padding), corrected once one is measured. */
const ESTIMATED_ROW_HEIGHT = 25
/** First guesses at the columns (matrix.css: 5.5rem, 10rem, 3.4rem), likewise. */
const ESTIMATED_COLUMNS = { dataLeft: 248, colWidth: 54.4, stickyWidth: 88 }

/** The scroller's viewport, down and across. */
export type GridViewport = Viewport & ColumnViewport

/** What {@link useGridWindow} gives the table. */
export interface GridWindow {
  /** For the scroller, the header and the body: what the window measures. */
  readonly scrollerRef: RefObject<HTMLDivElement | null>
  readonly headRef: RefObject<HTMLTableSectionElement | null>
  readonly bodyRef: RefObject<HTMLTableSectionElement | null>
  readonly rows: RowRange
  /** Delegation columns to render (0: the first delegation). */
  readonly columns: RowRange
  readonly view: GridViewport
  /** Scrolls the least that brings body row `row`, delegation column `column` into view. */
  scrollTo(row: number, column: number | null): void
  onScroll(): void
}

function sameView(a: GridViewport, b: GridViewport): boolean {
  return (
    a.scrollTop === b.scrollTop &&
    a.height === b.height &&
    a.headHeight === b.headHeight &&
    a.rowHeight === b.rowHeight &&
    a.scrollLeft === b.scrollLeft &&
    a.width === b.width &&
    a.dataLeft === b.dataLeft &&
    a.colWidth === b.colWidth &&
    a.stickyWidth === b.stickyWidth
  )
}

function sameRange(a: RowRange, b: RowRange): boolean {
  return a.start === b.start && a.end === b.end
}

/**
 * Which of `rowCount` rows and `columnCount` delegation columns to render: those the scroller
 * shows and a few either side (rowWindow.ts), and the column of the tab stop (`keepColumn`).
 * The viewport lives in state, but a scroll only updates it when what is rendered changes, so
 * scrolling within the overscan renders nothing.
 */
export function useGridWindow(
  rowCount: number,
  columnCount: number,
  keepColumn: number | null,
  remeasureKey: unknown,
): GridWindow {
  const scrollerRef = useRef<HTMLDivElement>(null)
  const headRef = useRef<HTMLTableSectionElement>(null)
  const bodyRef = useRef<HTMLTableSectionElement>(null)
  const counts = useRef({ rowCount, columnCount, keepColumn })
  counts.current = { rowCount, columnCount, keepColumn }
  const [view, setView] = useState<GridViewport>(() => ({
    scrollTop: 0,
    // The scroller is at most 70vh high (matrix.css); the measurement below corrects these
    // guesses before the first paint.
    height: typeof window === 'undefined' ? 800 : window.innerHeight * 0.7,
    headHeight: 0,
    rowHeight: ESTIMATED_ROW_HEIGHT,
    scrollLeft: 0,
    width: typeof window === 'undefined' ? 1200 : window.innerWidth,
    ...ESTIMATED_COLUMNS,
  }))

  /** Takes a new viewport if it changes what is rendered (rows, columns, spacers' sizes). */
  const offer = useCallback((next: GridViewport) => {
    setView((previous) => {
      if (sameView(previous, next)) return previous
      if (
        previous.rowHeight !== next.rowHeight ||
        previous.headHeight !== next.headHeight ||
        previous.colWidth !== next.colWidth ||
        previous.dataLeft !== next.dataLeft
      ) {
        return next
      }
      const { rowCount, columnCount, keepColumn } = counts.current
      const same =
        sameRange(rowRange(rowCount, previous), rowRange(rowCount, next)) &&
        sameRange(
          columnRange(columnCount, previous, keepColumn),
          columnRange(columnCount, next, keepColumn),
        )
      return same ? previous : next
    })
  }, [])

  const measure = useCallback(() => {
    const scroller = scrollerRef.current
    if (!scroller) return
    const row = bodyRef.current?.querySelector<HTMLElement>('tr[data-pid]')
    const corner = headRef.current?.querySelector<HTMLElement>('.matrix-corner')
    const status = corner?.nextElementSibling as HTMLElement | null | undefined
    const code = headRef.current?.querySelector<HTMLElement>('.matrix-code')
    offer({
      scrollTop: scroller.scrollTop,
      height: scroller.clientHeight,
      headHeight: headRef.current?.offsetHeight ?? 0,
      rowHeight: row ? row.getBoundingClientRect().height : ESTIMATED_ROW_HEIGHT,
      scrollLeft: scroller.scrollLeft,
      width: scroller.clientWidth,
      dataLeft:
        corner && status
          ? corner.getBoundingClientRect().width + status.getBoundingClientRect().width
          : ESTIMATED_COLUMNS.dataLeft,
      colWidth: code ? code.getBoundingClientRect().width : ESTIMATED_COLUMNS.colWidth,
      stickyWidth: corner ? corner.getBoundingClientRect().width : ESTIMATED_COLUMNS.stickyWidth,
    })
  }, [offer])

  // Before the first paint, and whenever the rows or their words (the language) change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the counts and remeasureKey are the triggers.
  useLayoutEffect(measure, [measure, rowCount, columnCount, remeasureKey])

  useLayoutEffect(() => {
    const scroller = scrollerRef.current
    if (!scroller || typeof ResizeObserver === 'undefined') return
    const observer = new ResizeObserver(() => measure())
    observer.observe(scroller)
    return () => observer.disconnect()
  }, [measure])

  const onScroll = useCallback(() => {
    const scroller = scrollerRef.current
    if (!scroller) return
    setView((previous) => {
      const next = {
        ...previous,
        scrollTop: scroller.scrollTop,
        height: scroller.clientHeight,
        scrollLeft: scroller.scrollLeft,
        width: scroller.clientWidth,
      }
      const { rowCount, columnCount, keepColumn } = counts.current
      const same =
        sameRange(rowRange(rowCount, previous), rowRange(rowCount, next)) &&
        sameRange(
          columnRange(columnCount, previous, keepColumn),
          columnRange(columnCount, next, keepColumn),
        )
      return same ? previous : next
    })
  }, [])

  const scrollTo = useCallback(
    (row: number, column: number | null) => {
      const scroller = scrollerRef.current
      if (!scroller) return
      const current = {
        ...view,
        scrollTop: scroller.scrollTop,
        height: scroller.clientHeight,
        scrollLeft: scroller.scrollLeft,
        width: scroller.clientWidth,
      }
      const top = scrollTopFor(row, current)
      if (top !== current.scrollTop) scroller.scrollTop = top
      if (column !== null) {
        const left = scrollLeftFor(column, current)
        if (left !== current.scrollLeft) scroller.scrollLeft = left
      }
      // Read back: the browser clamps to what can be scrolled.
      offer({ ...current, scrollTop: scroller.scrollTop, scrollLeft: scroller.scrollLeft })
    },
    [view, offer],
  )

  return {
    scrollerRef,
    headRef,
    bodyRef,
    rows: rowRange(rowCount, view),
    columns: columnRange(columnCount, view, keepColumn),
    view,
    scrollTo,
    onScroll,
  }
}
