import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPerson } from './support/browser.js'
import { type DemoServer, startDemoServer } from './support/demoServer.js'
import { ensureWebBuild } from './support/webBuild.js'

// A delegate who uses only the keyboard: sign in, open the declaration, select a paragraph,
// comment on it, state a position. Focus must be visible wherever it lands.
let server: DemoServer
let browser: Browser

beforeAll(async () => {
  await ensureWebBuild()
  ;[server, browser] = await Promise.all([startDemoServer(), launchBrowser()])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Presses Tab until `matches` holds for the focused element; fails after `max` presses. */
async function tabTo(page: Page, matches: (el: Element) => boolean, what: string, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (
      await page.evaluate((fn) => {
        const el = document.activeElement
        // biome-ignore lint/security/noGlobalEval: the predicate is this test's own code, sent as text.
        return el ? (eval(fn) as (el: Element) => boolean)(el) : false
      }, matches.toString())
    )
      return
  }
  throw new Error(`Tab never reached ${what}`)
}

async function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const el = document.activeElement
    if (!el) return false
    const style = getComputedStyle(el)
    return style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2
  })
}

describe('keyboard only', () => {
  it('signs in, opens the declaration, comments on a paragraph and states a position', async () => {
    const { page, context, problems } = await openPerson(browser)
    page.setDefaultTimeout(15_000)
    const account = server.account('delegate (BRA)')
    await page.goto(`${server.url}/app/`)
    await page.getByLabel('Email').waitFor()
    // The email field has focus on arrival.
    await page.keyboard.type(account.email)
    await page.keyboard.press('Tab')
    await page.keyboard.type(account.password)
    await page.keyboard.press('Enter')
    await page.locator('.declaration-link').waitFor()

    await tabTo(page, (el) => el.classList.contains('declaration-link'), 'the declaration link')
    expect(await focusIsVisible(page)).toBe(true)
    await page.keyboard.press('Enter')
    await page.locator('.connection[data-state="online"]').waitFor({ timeout: 20_000 })

    await tabTo(
      page,
      (el) => el.closest('.gutter-item')?.getAttribute('data-pid') === 'pp4',
      'the gutter entry of PP4',
    )
    expect(await focusIsVisible(page)).toBe(true)
    await page.keyboard.press('Enter')
    await page.locator('.side-panel[data-pid="pp4"]').waitFor()

    await tabTo(page, (el) => el.getAttribute('role') === 'tab', 'the panel tabs')
    await tabTo(page, (el) => el.tagName === 'TEXTAREA', 'the new comment field')
    await page.keyboard.type('Typed without a mouse.')
    await tabTo(page, (el) => el.textContent === 'Post comment', 'the post button')
    await page.keyboard.press('Enter')
    await page.locator('.side-panel .thread', { hasText: 'Typed without a mouse.' }).waitFor()

    // Positions: back to the tabs, arrow to the second, then into its radio group.
    await page.locator('.side-panel [role="tab"]').first().focus()
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('Enter')
    await tabTo(page, (el) => el.getAttribute('type') === 'radio', 'the position choices')
    expect(await focusIsVisible(page)).toBe(true)
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    await tabTo(page, (el) => el.textContent === 'Save position', 'the save button')
    await page.keyboard.press('Enter')
    await page
      .locator('.side-panel [data-group="deciding"] [data-delegation="BRA"]', {
        hasText: 'Reservation',
      })
      .waitFor()
    expect(problems).toEqual([])
    await context.close()
  })
})
