import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPerson } from './support/browser.js'
import { type DemoServer, startDemoServer } from './support/demoServer.js'
import { missingKeys, screenshot, seriousViolations } from './support/screens.js'
import { ensureWebBuild } from './support/webBuild.js'

// An observer never sees a draft, but is told what was published, with the way to read and
// verify it on the public portal. The demo seeds one published declaration of an earlier meeting.
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

describe('published texts in the client', () => {
  for (const language of ['en', 'ja'] as const) {
    it(`shows an observer the conference's published texts, linked to the portal (${language})`, async () => {
      const { page, context, problems } = await openPerson(browser, language)
      page.setDefaultTimeout(15_000)
      const account = server.account('observer')
      await page.goto(`${server.url}/app/`)
      await page.locator('input[type="email"]').fill(account.email)
      await page.locator('input[type="password"]').fill(account.password)
      await page.locator('form button[type="submit"]').click()
      const list = page.locator('.publication-list')
      await list.waitFor()
      const link = list.locator('a').first()
      const href = await link.getAttribute('href')
      expect(href).toMatch(new RegExp(`^${server.url}/texts/[^/]+$`))
      expect(await list.innerText()).toMatch(
        language === 'en' ? /Adopted declaration/ : /採択された宣言文/,
      )
      expect(await missingKeys(page)).toEqual([])
      expect(await seriousViolations(page)).toEqual([])
      await screenshot(page, `12-published-${language}`)

      // The link leads to the text on the portal, which anyone may read.
      const title = (await link.innerText()).trim()
      const portal = await context.newPage()
      await portal.goto(href!)
      expect(await portal.locator('h1').innerText()).toContain(title)
      expect(problems).toEqual([])
      await context.close()
    })
  }
})
