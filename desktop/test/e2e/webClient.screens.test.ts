import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPerson, type Person } from './support/browser.js'
import { type DemoServer, startDemoServer } from './support/demoServer.js'
import { AccordPage } from './support/pages.js'
import { missingKeys, screenshot, seriousViolations } from './support/screens.js'
import { ensureWebBuild } from './support/webBuild.js'

// Every main screen, in English and in Japanese: no missing translation, no serious or critical
// axe finding (WCAG 2.2 AA), and a screenshot left in desktop/test-results/screens.
let server: DemoServer
let browser: Browser
const people: Person[] = []
let invitationToken: string

const LABELS = {
  en: { email: 'Email', password: 'Password', submit: 'Sign in' },
  ja: { email: 'メールアドレス', password: 'パスワード', submit: 'サインイン' },
} as const

async function api(path: string, token: string, body?: unknown) {
  const response = await fetch(`${server.url}/api${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return response.json()
}

beforeAll(async () => {
  await ensureWebBuild()
  ;[server, browser] = await Promise.all([startDemoServer(), launchBrowser()])
  const { token } = (await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...server.account('secretariat'), mode: 'bearer' }),
  }).then((r) => r.json())) as { token: string }
  const delegations = (await api(`/conferences/${server.conferenceId}/delegations`, token)) as {
    id: string
    code: string
  }[]
  const ita = delegations.find((d) => d.code === 'ITA')!
  const invitation = (await api(`/conferences/${server.conferenceId}/invitations`, token, {
    role: 'delegate',
    delegationId: ita.id,
  })) as { token: string; url: string }
  invitationToken = invitation.token
  // A second declaration, still in drafting: the secretariat's alone until it circulates.
  await api(`/conferences/${server.conferenceId}/declarations`, token, { title: 'Chair’s Summary' })
  expect(invitation.url).toContain('/app/#/invitation/')
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** Checks a screen; `scope` limits axe to what changed since the last full check. */
async function check(page: Page, name: string, scope?: string) {
  await page.locator('body').evaluate(() => document.fonts.ready)
  // The header (title, stage, connection) belongs in the picture.
  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, name)
  expect(await missingKeys(page), `${name}: missing translations`).toEqual([])
  expect(await seriousViolations(page, scope), `${name}: axe`).toEqual([])
}

describe.each(['en', 'ja'] as const)('every main screen in %s', (language) => {
  it('sign-in, home, the declaration with each panel tab, and a confirmation dialog', async () => {
    const person = await openPerson(browser, language)
    people.push(person)
    const { page } = person
    page.setDefaultTimeout(15_000)
    const accord = new AccordPage(page, server.url)
    await page.goto(`${server.url}/app/`)
    await page.getByLabel(LABELS[language].email).waitFor()
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe(language)
    await check(page, `01-sign-in-${language}`)

    await accord.signIn(server.account('delegate (JPN)'), LABELS[language])
    await check(page, `02-home-${language}`)

    await accord.openDeclaration()
    await accord.select('op6')
    await check(page, `03-declaration-comments-${language}`)
    await accord.panel.getByRole('tab').nth(1).click()
    // India's position on OP6 was stated in the room: the secretariat's record says so.
    await accord.panel
      .locator('[data-group="deciding"] [data-delegation="IND"] [data-recorded-by="secretariat"]')
      .waitFor()
    await check(page, `04-declaration-positions-${language}`, '.side-panel')
    await accord.panel.getByRole('tab').nth(2).click()
    await check(page, `05-declaration-proposals-${language}`, '.side-panel')
    await accord.select('op10')
    await accord.panel.getByRole('tab').nth(2).click()
    await check(page, `06-alternatives-${language}`, '.side-panel')
    expect(person.problems).toEqual([])
    await person.context.close()
  })

  it('the secretariat: status control and the stage confirmation dialog', async () => {
    const person = await openPerson(browser, language)
    const { page } = person
    page.setDefaultTimeout(15_000)
    const accord = new AccordPage(page, server.url)
    await accord.signIn(server.account('secretariat'), LABELS[language])
    await accord.openDeclaration()
    await accord.select('op6')
    await check(page, `07-secretariat-${language}`)
    await page.locator('.stage-control button').first().click()
    await page.getByRole('dialog').waitFor()
    await check(page, `08-stage-dialog-${language}`, '[role="dialog"]')
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    expect(person.problems).toEqual([])
    await person.context.close()
  })

  it('an invitation link', async () => {
    const person = await openPerson(browser, language)
    const { page } = person
    await page.goto(`${server.url}/app/#/invitation/${invitationToken}`)
    await page.locator('form').waitFor()
    await check(page, `09-invitation-${language}`)
    await person.context.close()
  })
})

describe('languages', () => {
  it('switch at once, without a reload, and the choice is kept', async () => {
    const person = await openPerson(browser, 'en')
    const { page } = person
    const accord = new AccordPage(page, server.url)
    await accord.signIn(server.account('delegate (DEU)'))
    await page.evaluate(() => {
      ;(window as unknown as { notReloaded: boolean }).notReloaded = true
    })
    await page.locator('label', { hasText: '日本語' }).click()
    await page.getByRole('heading', { name: '参加している会議' }).waitFor()
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ja')
    expect(
      await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded),
    ).toBe(true)
    await page.reload()
    await page.getByRole('heading', { name: '参加している会議' }).waitFor()
    await person.context.close()
  })

  it('an invitation can be accepted from its link, and the new delegate lands at home', async () => {
    const person = await openPerson(browser, 'en')
    const { page } = person
    await page.goto(`${server.url}/app/#/invitation/${invitationToken}`)
    await page.getByLabel('Your name').fill('Giulia Rossi')
    await page.getByLabel('Email').fill('ita@accord.example')
    await page.getByLabel('Choose a password').fill('a long enough password')
    await page.getByRole('button', { name: 'Accept and create my account' }).click()
    await page.getByText('Delegation: ITA (Italy)').waitFor()
    // And signing out deletes this browser's local copies of the documents.
    await page.locator('.declaration-link').first().click()
    await page.locator('.connection[data-state="online"]').waitFor({ timeout: 20_000 })
    const before = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))
    expect(before.some((name) => name?.startsWith('accord/'))).toBe(true)
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).some((key) => key.startsWith('accord.read/')),
      ),
    ).toBe(true)
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('Email').waitFor()
    await expect
      .poll(async () =>
        (await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).filter(
          (name) => name?.startsWith('accord/'),
        ),
      )
      .toEqual([])
    // Nor is anything read for them kept (conference, declarations, delegations, pending commands).
    expect(
      await page.evaluate(() =>
        Object.keys(localStorage).filter((key) => /^accord\.(read|outbox)\//.test(key)),
      ),
    ).toEqual([])
    await person.context.close()
  })
})

describe('what each role may open', () => {
  it('a zero draft in drafting is not opened for delegates, and observers see no drafts', async () => {
    const delegate = await openPerson(browser, 'en')
    const accord = new AccordPage(delegate.page, server.url)
    await accord.signIn(server.account('delegate (B20, advisory)'))
    await delegate.page.getByText('advisory', { exact: false }).first().waitFor()
    await delegate.page.locator('.declaration-link', { hasText: 'Chair’s Summary' }).click()
    await delegate.page
      .getByText('The secretariat is preparing the zero draft.', { exact: false })
      .waitFor()
    expect(await delegate.page.locator('.declaration-text').count()).toBe(0)
    expect(delegate.problems).toEqual([])
    await delegate.context.close()

    const observer = await openPerson(browser, 'en')
    await new AccordPage(observer.page, server.url).signIn(server.account('observer'))
    // One note per conference the observer is accredited to.
    await observer.page
      .getByText('Observers read the published texts, not the drafts.')
      .first()
      .waitFor()
    expect(await observer.page.locator('.declaration-link').count()).toBe(0)
    await observer.context.close()
  })
})

// A delegate who uses only the keyboard: sign in, open the declaration, select a paragraph,
// comment on it, state a position. Focus must be visible wherever it lands.
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
    await page.locator('.declaration-link').first().waitFor()

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
