import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { chromiumArgs, chromiumPath } from '../../support/chromium.js'

/** Launches the real Chromium the tests use. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
}

/** A person at their own browser profile (own cookies, own IndexedDB). */
export interface Person {
  readonly context: BrowserContext
  readonly page: Page
  /** Messages the page logged as errors, and uncaught exceptions: a clean run has none. */
  readonly problems: string[]
}

/** Opens a fresh browser context and page for one person, in a language. */
export async function openPerson(browser: Browser, language: 'en' | 'ja' = 'en'): Promise<Person> {
  const context = await browser.newContext({
    viewport: { width: 1360, height: 900 },
    locale: language === 'ja' ? 'ja-JP' : 'en-US',
    timezoneId: language === 'ja' ? 'Asia/Tokyo' : 'Europe/Lisbon',
  })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`))
  page.on('console', (message) => {
    // A 401 from /api/auth/me is how the app learns that nobody is signed in yet.
    if (message.type() === 'error' && !/status of 401/.test(message.text())) {
      problems.push(`console: ${message.text()}`)
    }
  })
  return { context, page, problems }
}
