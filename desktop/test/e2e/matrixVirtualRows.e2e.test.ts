import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildMatrixHarness,
  type HarnessWindow,
  type MatrixHarness,
  openHarness,
} from '../../bench/matrixHarness.js'
import { launchBrowser } from './support/browser.js'
import { screenshot, seriousViolations } from './support/screens.js'

// The real MatrixTable at 200 paragraphs × 60 delegations, production build, in real Chromium:
// past 60 rows it renders only the rows in view and a few either side. Everything a person
// needs still reaches every row: the grid says how many rows it has and where each is, the
// keyboard reaches the last cell, focus survives scrolling, the headers stay in place.
let browser: Browser
let harness: MatrixHarness

const ROWS = 200
const CODES = 60

beforeAll(async () => {
  ;[harness, browser] = await Promise.all([buildMatrixHarness(), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
})

async function mounted(language: 'en' | 'ja' = 'en', delegations = CODES) {
  const opened = await openHarness(browser, harness, language)
  opened.page.setDefaultTimeout(15_000)
  await opened.page.evaluate(
    async ({ language, delegations }) => {
      const w = window as unknown as HarnessWindow
      await w.matrixBench.mountMatrix(document.getElementById('root')!, {
        paragraphs: 200,
        delegations,
        language,
      })
    },
    { language, delegations },
  )
  return opened
}

/** The rendered body rows' aria-rowindex values, and the spacer rows, in document order. */
function bodyRows(page: Page) {
  return page
    .locator('table.matrix tbody tr')
    .evaluateAll((trs) =>
      trs.map((tr) =>
        tr.getAttribute('aria-hidden') === 'true'
          ? 'gap'
          : Number(tr.getAttribute('aria-rowindex')),
      ),
    )
}

/** Where focus is: its row's aria-rowindex and its column (1-based, as aria-colindex counts). */
function focused(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement
    const tr = el.closest('tr')
    return {
      row: Number(tr?.getAttribute('aria-rowindex')),
      col: Number(el.getAttribute('aria-colindex')),
      cell: el.hasAttribute('data-cell'),
    }
  })
}

/** Whether the focused cell lies wholly inside the scroller, below its sticky header rows. */
function focusedInView(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement
    const scroller = el.closest('.matrix-scroll') as HTMLElement
    const head = scroller.querySelector('thead') as HTMLElement
    const cell = el.getBoundingClientRect()
    const box = scroller.getBoundingClientRect()
    const headBottom = head.getBoundingClientRect().bottom
    // The scroller's inner box: inside its border, without its scrollbars.
    const left = box.left + scroller.clientLeft
    const top = box.top + scroller.clientTop
    return (
      cell.top >= headBottom - 1 &&
      cell.bottom <= top + scroller.clientHeight + 1 &&
      cell.left >= left - 1 &&
      cell.right <= left + scroller.clientWidth + 1
    )
  })
}

function tabStops(page: Page) {
  return page.locator('table.matrix [data-cell][tabindex="0"]').count()
}

describe('the matrix past 60 rows', () => {
  it('renders the rows in view, says how many there are, and where each rendered one is', async () => {
    const { page, problems, close } = await mounted()
    const grid = page.getByRole('grid', { name: 'Positions by paragraph and delegation' })
    await expect(grid.getAttribute('aria-rowcount')).resolves.toBe(String(ROWS + 2))
    await expect(grid.getAttribute('aria-colcount')).resolves.toBe(String(CODES + 2))
    const rows = await bodyRows(page)
    const indices = rows.filter((r): r is number => r !== 'gap')
    // The view holds about 25 rows; a few more either side, never the whole table.
    expect(indices.length).toBeGreaterThan(15)
    expect(indices.length).toBeLessThan(60)
    expect(indices).toEqual(indices.map((_, i) => 3 + i))
    expect(rows.at(-1)).toBe('gap')
    // The spacer stands in for exactly the rows not rendered: the scroll height is the table's.
    const heights = await page.evaluate(() => {
      const scroller = document.querySelector('.matrix-scroll') as HTMLElement
      const row = document.querySelector('tbody tr[data-pid]') as HTMLElement
      const head = document.querySelector('thead') as HTMLElement
      return {
        scroll: scroller.scrollHeight,
        expected: head.offsetHeight + 200 * row.getBoundingClientRect().height,
      }
    })
    expect(Math.abs(heights.scroll - heights.expected)).toBeLessThan(3)
    // Past 40 delegations, columns are windowed too: the ones in view and a few either side,
    // each cell saying which column it is, header cells and body cells alike.
    const columns = await page.evaluate(() => ({
      head: [...document.querySelectorAll('thead th.matrix-code')].map((th) =>
        Number(th.getAttribute('aria-colindex')),
      ),
      body: [...document.querySelectorAll('tbody tr[data-pid]:first-child [data-cell]')].map((td) =>
        Number(td.getAttribute('aria-colindex')),
      ),
      gaps: document.querySelectorAll('tbody tr[data-pid] td.matrix-colgap[aria-hidden="true"]')
        .length,
    }))
    expect(columns.head.length).toBeGreaterThan(15)
    expect(columns.head.length).toBeLessThan(40)
    expect(columns.head).toEqual(columns.head.map((_, i) => 3 + i))
    expect(columns.body).toEqual([1, 2, ...columns.head])
    expect(columns.gaps).toBe(indices.length)
    // The accessibility tree has the rendered rows only, each a row of the grid with its cells.
    const rowsInTree = await page.getByRole('row').count()
    expect(rowsInTree).toBe(indices.length + 2)
    await expect(
      page.getByRole('gridcell', { name: 'OP1, D02: Reservation', exact: true }).count(),
    ).resolves.toBe(1)
    await expect(tabStops(page)).resolves.toBe(1)
    expect(problems).toEqual([])
    await close()
  })

  it('renders the rows a scroll reaches, keeping the header rows and the label column in place', async () => {
    const { page, problems, close } = await mounted()
    const scroller = page.locator('.matrix-scroll')
    await scroller.evaluate((el) => {
      el.scrollTop = el.scrollHeight / 2
      el.scrollLeft = 400
    })
    // Row 100 (aria-rowindex 103) sits in the middle of the table.
    await page.locator('tbody tr[aria-rowindex="103"]').waitFor()
    const rows = await bodyRows(page)
    // Row 0 holds the tab stop, so it stays rendered (first), then a gap, then the window.
    expect(rows.slice(0, 3)).toEqual([3, 'gap', expect.any(Number)])
    expect(rows.at(-1)).toBe('gap')
    const place = await page.evaluate(() => {
      const box = (document.querySelector('.matrix-scroll') as HTMLElement).getBoundingClientRect()
      const corner = (
        document.querySelector('thead .matrix-corner') as HTMLElement
      ).getBoundingClientRect()
      const label = (
        document.querySelector('tbody tr[aria-rowindex="103"] th') as HTMLElement
      ).getBoundingClientRect()
      return { box, corner, label }
    })
    expect(Math.abs(place.corner.top - place.box.top)).toBeLessThan(2)
    expect(Math.abs(place.corner.left - place.box.left)).toBeLessThan(2)
    expect(Math.abs(place.label.left - place.box.left)).toBeLessThan(2)
    // Scrolled 400 px across: the first delegations' columns gave way to later ones.
    const codes = await page
      .locator('thead th.matrix-code')
      .evaluateAll((ths) => ths.map((th) => th.textContent))
    expect(codes).not.toContain('D00')
    expect(codes).toContain('D20')
    await expect(
      page.locator('tbody tr[aria-rowindex="103"] td[data-delegation="D20"]').count(),
    ).resolves.toBe(1)
    await screenshot(page, '23-matrix-200-scrolled-en')
    expect(problems).toEqual([])
    await close()
  })

  it('lets the keyboard reach every row and the last cell, scrolling them into view', async () => {
    const { page, problems, close } = await mounted()
    await page.locator('table.matrix [data-cell][tabindex="0"]').focus()
    await expect(focused(page)).resolves.toEqual({ row: 3, col: 1, cell: true })
    await page.keyboard.press('Control+End')
    await expect(focused(page)).resolves.toEqual({ row: ROWS + 2, col: CODES + 2, cell: true })
    await expect(focusedInView(page)).resolves.toBe(true)
    const last = await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))
    expect(last).toBe('OP200, D59: Flexible')
    await page.keyboard.press('Control+Home')
    await expect(focused(page)).resolves.toEqual({ row: 3, col: 1, cell: true })
    await expect(focusedInView(page)).resolves.toBe(true)
    // Down, one row at a time, past the rows first rendered.
    for (let i = 0; i < 45; i++) await page.keyboard.press('ArrowDown')
    await expect(focused(page)).resolves.toEqual({ row: 48, col: 1, cell: true })
    await expect(focusedInView(page)).resolves.toBe(true)
    await page.keyboard.press('End')
    await expect(focused(page)).resolves.toEqual({ row: 48, col: CODES + 2, cell: true })
    await expect(focusedInView(page)).resolves.toBe(true)
    await page.keyboard.press('Home')
    await page.keyboard.press('PageDown')
    const paged = await focused(page)
    expect(paged.row).toBeGreaterThan(58)
    expect(paged.row).toBeLessThan(80)
    await expect(focusedInView(page)).resolves.toBe(true)
    await page.keyboard.press('PageUp')
    await expect(focused(page)).resolves.toEqual({ row: 48, col: 1, cell: true })
    await expect(tabStops(page)).resolves.toBe(1)
    expect(problems).toEqual([])
    await close()
  })

  it('keeps the focused cell while the rows around it scroll away, and goes on from it', async () => {
    const { page, problems, close } = await mounted()
    await page.locator('table.matrix [data-cell][tabindex="0"]').focus()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await expect(focused(page)).resolves.toEqual({ row: 3, col: 3, cell: true })
    await page.locator('.matrix-scroll').evaluate((el) => {
      el.scrollTop = el.scrollHeight
    })
    await page.locator(`tbody tr[aria-rowindex="${ROWS + 2}"]`).waitFor()
    // Still the same cell, though its neighbours are gone.
    await expect(focused(page)).resolves.toEqual({ row: 3, col: 3, cell: true })
    await expect(page.locator('tbody tr[aria-rowindex="4"]').count()).resolves.toBe(0)
    await page.keyboard.press('ArrowDown')
    await expect(focused(page)).resolves.toEqual({ row: 4, col: 3, cell: true })
    await expect(focusedInView(page)).resolves.toBe(true)
    // Across likewise: the focused cell's column (D00's) stays while the view scrolls away to
    // the last delegations (the window then stretches from it to the view).
    await page.locator('.matrix-scroll').evaluate((el) => {
      el.scrollLeft = el.scrollWidth
    })
    await page.locator('thead th.matrix-code', { hasText: 'D59' }).waitFor()
    await expect(page.locator('thead th.matrix-code', { hasText: 'D00' }).count()).resolves.toBe(1)
    await expect(focused(page)).resolves.toEqual({ row: 4, col: 3, cell: true })
    await page.keyboard.press('ArrowRight')
    await expect(focused(page)).resolves.toEqual({ row: 4, col: 4, cell: true })
    await expect(focusedInView(page)).resolves.toBe(true)
    await expect(tabStops(page)).resolves.toBe(1)
    // Tab leaves the grid in one step, from wherever focus was in it.
    await page.keyboard.press('Shift+Tab')
    await expect(focused(page)).resolves.toMatchObject({ cell: false })
    await page.keyboard.press('Tab')
    await expect(focused(page)).resolves.toEqual({ row: 4, col: 4, cell: true })
    expect(problems).toEqual([])
    await close()
  })

  it.each(['en', 'ja'] as const)(
    'has no serious or critical axe finding in %s, at the top and scrolled',
    async (language) => {
      const { page, problems, close } = await mounted(language)
      await page.locator('body').evaluate(() => document.fonts.ready)
      expect(await seriousViolations(page), `axe (${language}, top)`).toEqual([])
      await page.locator('.matrix-scroll').evaluate((el) => {
        el.scrollTop = el.scrollHeight / 2
      })
      await page.locator('tbody tr[aria-rowindex="103"]').waitFor()
      await screenshot(page, `24-matrix-200-${language}`)
      expect(await seriousViolations(page), `axe (${language}, scrolled)`).toEqual([])
      expect(problems).toEqual([])
      await close()
    },
    240_000,
  )
})
