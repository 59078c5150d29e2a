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
  expect(invitation.url).toContain('/app/#/invitation/')
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

async function check(page: Page, name: string) {
  await page.locator('body').evaluate(() => document.fonts.ready)
  // The header (title, stage, connection) belongs in the picture.
  await page.evaluate(() => window.scrollTo(0, 0))
  await screenshot(page, name)
  expect(await missingKeys(page), `${name}: missing translations`).toEqual([])
  expect(await seriousViolations(page), `${name}: axe`).toEqual([])
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
    await check(page, `04-declaration-positions-${language}`)
    await accord.panel.getByRole('tab').nth(2).click()
    await check(page, `05-declaration-proposals-${language}`)
    await accord.select('op10')
    await accord.panel.getByRole('tab').nth(2).click()
    await check(page, `06-alternatives-${language}`)
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
    await check(page, `08-stage-dialog-${language}`)
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
    await page.getByRole('radio', { name: '日本語' }).check({ force: true })
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
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByLabel('Email').waitFor()
    await expect
      .poll(async () =>
        (await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name))).filter(
          (name) => name?.startsWith('accord/'),
        ),
      )
      .toEqual([])
    await person.context.close()
  })
})
