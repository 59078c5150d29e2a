import { type RefObject, useCallback, useLayoutEffect, useRef, useState } from 'react'
import { type RowRange, rowRange, scrollTopFor, type Viewport } from './rowWindow'

/** A first guess at a row's height (0.8rem text and padding), corrected once one is measured. */
const ESTIMATED_ROW_HEIGHT = 25

/** What {@link useRowWindow} gives the table. */
export interface RowWindow {
  /** For the scroller, the header and the body: what the window measures. */
  readonly scrollerRef: RefObject<HTMLDivElement | null>
  readonly headRef: RefObject<HTMLTableSectionElement | null>
  readonly bodyRef: RefObject<HTMLTableSectionElement | null>
  readonly range: RowRange
  readonly view: Viewport
  /** Scrolls the least that brings row `index` into view, and renders the rows around it. */
  scrollToRow(index: number): void
  onScroll(): void
}

function sameView(a: Viewport, b: Viewport): boolean {
  return (
    a.scrollTop === b.scrollTop &&
    a.height === b.height &&
    a.headHeight === b.headHeight &&
    a.rowHeight === b.rowHeight
  )
}

/**
 * Which of `count` rows to render: those the scroller shows and a few either side (rowWindow.ts).
 * The viewport lives in state, but a scroll only updates it when the rows to render change, so
 * scrolling within the overscan renders nothing.
 */
export function useRowWindow(count: number, remeasureKey: unknown): RowWindow {
  const scrollerRef = useRef<HTMLDivElement>(null)
  const headRef = useRef<HTMLTableSectionElement>(null)
  const bodyRef = useRef<HTMLTableSectionElement>(null)
  const countRef = useRef(count)
  countRef.current = count
  const [view, setView] = useState<Viewport>(() => ({
    scrollTop: 0,
    // The scroller is at most 70vh high (matrix.css); the measurement below corrects this
    // before the first paint.
    height: typeof window === 'undefined' ? 800 : window.innerHeight * 0.7,
    headHeight: 0,
    rowHeight: ESTIMATED_ROW_HEIGHT,
  }))

  /** Takes a new viewport if it changes what is rendered (the rows, or the spacers' heights). */
  const offer = useCallback((next: Viewport) => {
    setView((previous) => {
      if (sameView(previous, next)) return previous
      if (previous.rowHeight !== next.rowHeight || previous.headHeight !== next.headHeight) {
        return next
      }
      const a = rowRange(countRef.current, previous)
      const b = rowRange(countRef.current, next)
      return a.start === b.start && a.end === b.end ? previous : next
    })
  }, [])

  const measure = useCallback(() => {
    const scroller = scrollerRef.current
    if (!scroller) return
    const row = bodyRef.current?.querySelector<HTMLElement>('tr[data-pid]')
    offer({
      scrollTop: scroller.scrollTop,
      height: scroller.clientHeight,
      headHeight: headRef.current?.offsetHeight ?? 0,
      rowHeight: row ? row.getBoundingClientRect().height : ESTIMATED_ROW_HEIGHT,
    })
  }, [offer])

  // Before the first paint, and whenever the rows or their words (the language) change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: count and remeasureKey are the triggers.
  useLayoutEffect(measure, [measure, count, remeasureKey])

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
      const next = { ...previous, scrollTop: scroller.scrollTop, height: scroller.clientHeight }
      const a = rowRange(countRef.current, previous)
      const b = rowRange(countRef.current, next)
      return a.start === b.start && a.end === b.end ? previous : next
    })
  }, [])

  const scrollToRow = useCallback(
    (index: number) => {
      const scroller = scrollerRef.current
      if (!scroller) return
      const current = { ...view, scrollTop: scroller.scrollTop, height: scroller.clientHeight }
      const top = scrollTopFor(index, current)
      if (top !== current.scrollTop) scroller.scrollTop = top
      // Read back: the browser clamps to what can be scrolled.
      offer({ ...current, scrollTop: scroller.scrollTop })
    },
    [view, offer],
  )

  return {
    scrollerRef,
    headRef,
    bodyRef,
    range: rowRange(count, view),
    view,
    scrollToRow,
    onScroll,
  }
}
