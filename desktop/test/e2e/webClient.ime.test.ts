import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPerson, type Person } from './support/browser.js'
import { type DemoServer, startDemoServer } from './support/demoServer.js'
import { AccordPage } from './support/pages.js'
import { ensureWebBuild } from './support/webBuild.js'

// Japanese typed through an input method, while someone else types in the same paragraph.
// Playwright has no IME API, so the composition is driven through Chromium's DevTools protocol.
let server: DemoServer
let browser: Browser
let jpnPerson: Person
let jpn: AccordPage
let deu: AccordPage

beforeAll(async () => {
  await ensureWebBuild()
  ;[server, browser] = await Promise.all([startDemoServer(), launchBrowser()])
  const open = async (label: string, language: 'en' | 'ja') => {
    const person = await openPerson(browser, language)
    person.page.setDefaultTimeout(15_000)
    const page = new AccordPage(person.page, server.url)
    await page.signIn(
      server.account(label),
      language === 'ja'
        ? { email: 'メールアドレス', password: 'パスワード', submit: 'サインイン' }
        : undefined,
    )
    await page.openDeclaration()
    return { person, page }
  }
  const [a, b] = await Promise.all([open('delegate (JPN)', 'ja'), open('delegate (DEU)', 'en')])
  jpnPerson = a.person
  jpn = a.page
  deu = b.page
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('input method composition under collaboration', () => {
  it('a composition typed while another delegate edits the same paragraph survives whole', async () => {
    const cdp = await jpnPerson.context.newCDPSession(jpn.page)
    await jpn.paragraph('op13').click()
    await jpn.page.keyboard.press('End')
    await jpn.page.keyboard.type(' ')
    const steps = ['に', 'にほ', 'にほん', 'にほんご']
    const heldUpdates = async () =>
      Number(await jpn.page.locator('.editor-column').getAttribute('data-held-updates'))
    let held = 0
    for (const [index, text] of steps.entries()) {
      await cdp.send('Input.imeSetComposition', {
        text,
        selectionStart: text.length,
        selectionEnd: text.length,
      })
      // A remote edit lands in the same paragraph mid-composition.
      await deu.paragraph('op13').click()
      await deu.page.keyboard.press('Home')
      await deu.page.keyboard.type(`D${index}`)
      // It reaches JPN's client, which holds it until the composition ends.
      const heldBefore = held
      await expect.poll(async () => (held = await heldUpdates())).toBeGreaterThan(heldBefore)
      expect(await jpn.paragraphText('op13')).not.toContain(`D${index}`)
    }
    await cdp.send('Input.insertText', { text: '日本語' })

    await jpn.page.locator('.editor-column[data-held-updates="0"]').waitFor()
    for (const page of [jpn, deu]) {
      await expect.poll(() => page.paragraphText('op13')).toContain('日本語')
      await expect.poll(() => page.paragraphText('op13')).toContain('D3')
    }
    const mine = await jpn.paragraphText('op13')
    const theirs = await deu.paragraphText('op13')
    expect(mine).toBe(theirs)
    expect(mine.split('日本語').length - 1).toBe(1)
    expect(mine).not.toMatch(/[にほんご]/)
    expect(mine).toContain('D0')
    expect(mine).toContain('D3')
    // It is JPN's proposal, in one bracket.
    const bracket = deu.paragraph('op13').locator('[data-delegation="JPN"]', { hasText: '日本語' })
    expect(await bracket.count()).toBe(1)
    expect(jpnPerson.problems).toEqual([])
  })
})
