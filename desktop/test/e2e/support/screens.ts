import { mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import AxeBuilder from '@axe-core/playwright'
import type { Page } from 'playwright-core'

/** Where the test run leaves its screenshots (desktop/test-results/screens). */
export const SCREENS_DIR = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'test-results',
  'screens',
)

/** Saves a full-page screenshot of the screen as `<name>.png`. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true })
  const path = join(SCREENS_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: false })
  return path
}

/** The WCAG 2.2 AA rule tags (and the A and 2.0/2.1 levels they include). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']

/** axe-core's serious and critical findings on the page (or within `scope`), as readable lines. */
export async function seriousViolations(page: Page, scope?: string): Promise<string[]> {
  const builder = new AxeBuilder({ page }).withTags(WCAG_TAGS)
  const result = await (scope ? builder.include(scope) : builder).analyze()
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | ')}`,
    )
}

/** Translation keys that were missing where the page rendered them (i18n shows them as ⟦key⟧). */
export async function missingKeys(page: Page): Promise<string[]> {
  const text = await page.locator('body').innerText()
  const attributes = await page.evaluate(() =>
    [...document.querySelectorAll('[aria-label],[title],[placeholder]')]
      .flatMap((el) => ['aria-label', 'title', 'placeholder'].map((a) => el.getAttribute(a) ?? ''))
      .join('\n'),
  )
  return [...`${text}\n${attributes}`.matchAll(/⟦([^⟧]+)⟧/g)].map((m) => m[1]!)
}
