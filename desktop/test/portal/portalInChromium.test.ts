import { startPolicyServer, tempDataDir } from '@accord/server/testing'
import { EARLIER_MEETING, seedPublishedDemo } from '@accord/server/testing/outcomes'
import AxeBuilder from '@axe-core/playwright'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'

// The public portal (#10) in real Chromium: it works with JavaScript off, has no WCAG 2.2 AA
// violation (axe), reads on a phone without sideways scrolling, and prints without its
// navigation. The server is real, seeded with the demo's published declaration.

let data: ReturnType<typeof tempDataDir>
let server: Awaited<ReturnType<typeof startPolicyServer>>
let browser: Browser
let textPath: string

beforeAll(async () => {
  data = tempDataDir()
  server = await startPolicyServer(data.dir)
  const published = await seedPublishedDemo(server.services, data.dir)
  textPath = `/texts/${published.id}`
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
  data?.cleanup()
})

describe('the portal in Chromium', () => {
  it('works with JavaScript off: the list, the text and its downloads', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false })
    const page = await context.newPage()
    await page.goto(`${server.url}/`)
    await page.getByRole('link', { name: EARLIER_MEETING.title }).click()
    expect(new URL(page.url()).pathname).toBe(textPath)
    expect(await page.locator('h1').textContent()).toBe(EARLIER_MEETING.title)
    expect(await page.locator('ol.text li').count()).toBeGreaterThan(5)
    expect(await page.locator('.record').textContent()).toMatch(/^Adopted by consensus/)
    const download = page.waitForEvent('download')
    await page.getByRole('link', { name: 'The signed bundle' }).click()
    expect((await download).suggestedFilename()).toMatch(/\.accord-bundle\.json$/)
    await context.close()
  })

  for (const path of ['/', '/verify', 'TEXT', '/no-such-page']) {
    it(`has no WCAG 2.2 AA violation: ${path}`, async () => {
      const context = await browser.newContext()
      const page = await context.newPage()
      await page.goto(`${server.url}${path === 'TEXT' ? textPath : path}`)
      const result = await new AxeBuilder({ page })
        .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
        .analyze()
      expect(result.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([])
      // axe ran under the portal's CSP: it checked the page, it did not just find nothing.
      expect(result.passes.length).toBeGreaterThan(10)
      await context.close()
    })
  }

  it('reads on a phone without sideways scrolling, and prints without navigation', async () => {
    const context = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
    })
    const page = await context.newPage()
    await page.goto(`${server.url}${textPath}`)
    // Evaluated in the page (this test's own types have no DOM).
    const widths = (await page.evaluate(
      '({ scroll: document.documentElement.scrollWidth, view: window.innerWidth })',
    )) as { scroll: number; view: number }
    expect(widths.scroll).toBeLessThanOrEqual(widths.view)
    const fontSize = (await page.evaluate(
      "getComputedStyle(document.querySelector('ol.text li')).fontSize",
    )) as string
    expect(Number.parseFloat(fontSize)).toBeGreaterThanOrEqual(16)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('header.site').isVisible()).toBe(false)
    expect(await page.locator('ul.downloads').isVisible()).toBe(false)
    expect(await page.locator('ol.text').isVisible()).toBe(true)
    await context.close()
  })
})
