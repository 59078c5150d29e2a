import type { Browser, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPerson, type Person } from './support/browser.js'
import { type DemoServer, startDemoServer } from './support/demoServer.js'
import { AccordPage } from './support/pages.js'
import { missingKeys, screenshot, seriousViolations } from './support/screens.js'
import { ensureWebBuild } from './support/webBuild.js'

// The secretariat's outcome screens (#12) on the real server, with three people at their own
// browsers: the secretariat (English), Japan's delegate (Japanese) and Germany's (English).
// Revisions are issued and compared, silence is started, broken by Germany (Japan and the
// secretariat see it), started again, and ends in adoption; the published text is verified in
// the client. Every screen is checked with axe in both languages.
let server: DemoServer
let browser: Browser
let token: string
const people: Person[] = []
let chair: Page
let jpn: Page
let deu: Page

const LABELS = {
  en: { email: 'Email', password: 'Password', submit: 'Sign in' },
  ja: { email: 'メールアドレス', password: 'パスワード', submit: 'サインイン' },
} as const

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

const declarationPath = () =>
  `/conferences/${server.conferenceId}/declarations/${server.declarationId}`

async function signIn(label: string, language: 'en' | 'ja'): Promise<Page> {
  const person = await openPerson(browser, language)
  people.push(person)
  person.page.setDefaultTimeout(20_000)
  await new AccordPage(person.page, server.url).signIn(server.account(label), LABELS[language])
  return person.page
}

async function open(page: Page, screen: 'revisions' | 'silence') {
  await page.goto(
    `${server.url}/app/#/conference/${server.conferenceId}/declaration/${server.declarationId}/${screen}`,
  )
  await page.locator(`.${screen}-screen`).waitFor()
}

/** Screenshot, translations and axe on what the page shows now. */
async function check(page: Page, name: string) {
  await page.locator('body').evaluate(() => document.fonts.ready)
  await screenshot(page, name)
  expect(await missingKeys(page), `${name}: missing translations`).toEqual([])
  expect(await seriousViolations(page), `${name}: axe`).toEqual([])
}

/** Checks the page in the other language too, then returns to the first. */
async function checkBothLanguages(
  page: Page,
  name: string,
  first: 'en' | 'ja',
  scrollTo?: Locator,
) {
  const scroll = async () => {
    await scrollTo?.evaluate((el) => el.scrollIntoView({ block: 'center' }))
  }
  await scroll()
  await check(page, `${name}-${first}`)
  const other = first === 'en' ? 'ja' : 'en'
  await page
    .locator('.segment[lang]')
    .filter({ hasText: other === 'ja' ? '日本語' : 'English' })
    .click()
  await page.locator(`html[lang="${other}"]`).waitFor()
  await scroll()
  await check(page, `${name}-${other}`)
  await page
    .locator('.segment[lang]')
    .filter({ hasText: first === 'ja' ? '日本語' : 'English' })
    .click()
  await page.locator(`html[lang="${first}"]`).waitFor()
}

/** Waits for a silence state on a page and returns how long it took to show. */
async function seesState(page: Page, state: string, since: number): Promise<number> {
  await page.locator(`.silence-state[data-state="${state}"]`).waitFor({ timeout: 30_000 })
  return Date.now() - since
}

beforeAll(async () => {
  await ensureWebBuild()
  ;[server, browser] = await Promise.all([startDemoServer(), launchBrowser()])
  ;({ token } = (await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...server.account('secretariat'), mode: 'bearer' }),
  }).then((r) => r.json())) as { token: string })
  chair = await signIn('secretariat', 'en')
  jpn = await signIn('delegate (JPN)', 'ja')
  deu = await signIn('delegate (DEU)', 'en')
})

afterAll(async () => {
  for (const person of people) await person.context.close().catch(() => {})
  await browser?.close()
  await server?.stop()
})

describe('revisions, silence, adoption and the published text', () => {
  it('issues the zero draft and Rev.1 and compares them paragraph by paragraph', async () => {
    // From the declaration's text, the header leads to the outcome screens.
    await chair.locator('.declaration-link').first().click()
    await chair.locator('.declaration-text [data-pid]').first().waitFor()
    await chair.getByRole('link', { name: 'Revisions', exact: true }).click()
    await chair.locator('.revisions-screen').waitFor()
    await chair.getByText('No revision has been issued yet.').waitFor()
    await chair.getByRole('button', { name: 'Issue the zero draft' }).click()
    await chair.locator('[data-testid="revisions"] tr[data-revision="0"]').waitFor()

    // The chair, who holds the pen, adds a sentence to OP3 in the text.
    const added = ' We will review its progress in 2027.'
    await chair.getByRole('link', { name: 'Text', exact: true }).click()
    const text = new AccordPage(chair, server.url)
    await text.paragraph('op3').waitFor()
    await chair.locator('.connection[data-state="online"]').waitFor({ timeout: 30_000 })
    await text.editor.and(chair.locator('[contenteditable="true"]')).waitFor()
    // At the end of the paragraph, not of its first visual line (where End alone would go).
    const op3Text = text.paragraph('op3')
    await op3Text.click()
    await op3Text.evaluate((el) => {
      const range = document.createRange()
      range.selectNodeContents(el)
      range.collapse(false)
      const selection = getSelection()!
      selection.removeAllRanges()
      selection.addRange(range)
    })
    await chair.keyboard.press('End')
    await chair.keyboard.type(added)
    await expect
      .poll(
        async () =>
          (await api<{ id: string; text: string }[]>('GET', `${declarationPath()}/paragraphs`))
            .find((p) => p.id === 'op3')
            ?.text.endsWith(added),
        { timeout: 30_000, message: 'the chair’s sentence reached the server' },
      )
      .toBe(true)

    // The chair settles the open brackets and agrees every paragraph (REST, as a script would).
    for (const [paragraphId, proposalId, decision] of [
      ['op6', 'demo-jpn-1', 'accepted'],
      ['op10', 'demo-bra-alt1', 'accepted'],
      ['op10', 'demo-deu-alt2', 'rejected'],
    ] as const) {
      await api('POST', `${declarationPath()}/proposal-decisions`, {
        paragraphId,
        proposalId,
        decision,
      })
    }
    // BRA and IND object to OP6: agreeing over them takes a reason (kept only where it is used).
    const paragraphs = await api<{ id: string }[]>('GET', `${declarationPath()}/paragraphs`)
    for (const { id } of paragraphs) {
      await api('PUT', `${declarationPath()}/statuses`, {
        paragraphId: id,
        status: 'agreed',
        override: { reason: 'Agreed in the final informal consultations.' },
      })
    }

    await chair.getByRole('link', { name: 'Revisions', exact: true }).click()
    await chair.getByRole('button', { name: 'Issue Rev.1' }).click()
    await chair.locator('[data-testid="revisions"] tr[data-revision="1"]').waitFor()
    await chair.locator('[role="status"]', { hasText: 'Rev.1 was issued.' }).waitFor()
    // The comparison opens on the latest revision against the one before: Rev.1 with the zero draft.
    await chair.getByRole('heading', { name: 'Rev.1 compared with Zero draft' }).waitFor()
    const op6 = chair.locator('[data-testid="comparison"] [data-pid="op6"]')
    await op6.waitFor()
    expect(await op6.getAttribute('data-change')).toBe('changed')
    // JPN's bracket went: its tag is deleted, its words stay; the status change is written out.
    const deleted = await op6.locator('del').allTextContents()
    expect(deleted.join(' ')).toContain('[deletion begins]')
    expect(deleted.join(' ')).toContain('JPN')
    expect(await op6.innerText()).toContain('Status: Open → Agreed')
    // Deletions are struck through and insertions underlined, not told apart by colour alone.
    expect(
      await op6
        .locator('del')
        .first()
        .evaluate((el) => getComputedStyle(el).textDecorationLine),
    ).toContain('line-through')
    // The chair's sentence is an insertion, announced as such to screen readers.
    const op3 = chair.locator('[data-testid="comparison"] [data-pid="op3"]')
    expect(await op3.locator('ins').innerText()).toContain('We will review its progress in 2027.')
    expect(await op3.locator('ins').textContent()).toMatch(
      /^\[insertion begins\] .*\[insertion ends\]$/,
    )
    expect(
      await op3
        .locator('ins')
        .first()
        .evaluate((el) => getComputedStyle(el).textDecorationLine),
    ).toContain('underline')
    const op10 = chair.locator('[data-testid="comparison"] [data-pid="op10"]')
    expect(await op10.locator('del').count()).toBeGreaterThan(0)
    // Unchanged paragraphs are hidden until asked for; the title's status changed, so it shows.
    const shown = await chair.locator('[data-testid="comparison"] > li').count()
    await chair.getByText('Show unchanged paragraphs').click()
    await expect
      .poll(() => chair.locator('[data-testid="comparison"] > li').count())
      .toBeGreaterThanOrEqual(shown)

    // Any two: Rev.1 with the current text is unchanged throughout.
    await chair.getByLabel('Older version').selectOption({ label: 'Rev.1' })
    await chair.getByLabel('Newer version').selectOption({ label: 'Current text' })
    await chair.getByRole('heading', { name: 'Current text compared with Rev.1' }).waitFor()
    await chair.getByText(/^0 of \d+ paragraphs changed\.$/).waitFor()
    await chair.getByLabel('Older version').selectOption({ label: 'Zero draft' })
    await chair.getByLabel('Newer version').selectOption({ label: 'Rev.1' })
    await chair.getByRole('heading', { name: 'Rev.1 compared with Zero draft' }).waitFor()
    await chair.getByText('Show unchanged paragraphs').click()
    // The picture shows the chair's sentence and JPN's bracket accepted, word by word.
    await checkBothLanguages(chair, '30-revisions-compare', 'en', op3)

    // A delegate reads the same comparison, in Japanese.
    await open(jpn, 'revisions')
    await jpn.getByRole('heading', { name: 'Rev.1 と ゼロドラフト の比較' }).waitFor()
    expect(await jpn.getByRole('button', { name: /発行する/ }).count()).toBe(0)
    await check(jpn, '31-revisions-delegate-ja')
  })

  it('starts silence; both delegates see it, with its countdown', async () => {
    await Promise.all([open(jpn, 'silence'), open(deu, 'silence')])
    await chair.getByRole('link', { name: 'Silence and adoption', exact: true }).click()
    await chair.locator('.silence-screen').waitFor()
    await chair.locator('.silence-state[data-state="none"]').waitFor()
    await checkBothLanguages(chair, '32-silence-start', 'en')
    await chair
      .getByLabel('Message to the delegations (optional)')
      .fill('Rev.1 is circulated under silence.')
    await chair.getByRole('button', { name: 'Start silence', exact: true }).click()
    const dialog = chair.getByRole('dialog')
    await dialog.getByRole('button', { name: 'Start silence', exact: true }).click()
    const started = Date.now()
    await seesState(chair, 'running', started)
    const [seenByJpn, seenByDeu] = await Promise.all([
      seesState(jpn, 'running', started),
      seesState(deu, 'running', started),
    ])
    console.info(`silence started: seen by JPN after ${seenByJpn} ms, DEU after ${seenByDeu} ms`)
    await deu
      .locator('[data-testid="countdown"]', { hasText: /^2 d 23 h 59 min \d+ s left$/ })
      .waitFor()
    await jpn.getByText('Rev.1 is circulated under silence.').waitFor()
    await jpn.locator('[data-testid="countdown"]', { hasText: /^残り 2 日 23 時間/ }).waitFor()
    // An advisory delegation follows silence too, but is told it cannot break it.
    const b20 = await signIn('delegate (B20, advisory)', 'ja')
    await open(b20, 'silence')
    await b20.locator('.silence-state[data-state="running"]').waitFor()
    await b20
      .getByText('B20 は助言のみの代表団です。沈黙を破ることができるのはメンバーだけです。')
      .waitFor()
    expect(await b20.getByRole('button', { name: '沈黙を破る' }).count()).toBe(0)
    await check(b20, '33-silence-running-advisory-ja')
    await b20.context().close()
    await checkBothLanguages(deu, '33-silence-running-delegate', 'en')
    await check(jpn, '34-silence-running-delegate-ja')
  })

  it('a delegate breaks silence with a reason; the secretariat and another delegate see who and why', async () => {
    const reason =
      'Germany cannot accept OP10 as it stands: its evaluation frameworks need a review clause.'
    await deu.getByLabel('Reason').fill(reason)
    await deu.getByRole('button', { name: 'Break silence', exact: true }).click()
    const dialog = deu.getByRole('dialog')
    await dialog.getByText(reason).waitFor()
    await dialog.getByRole('button', { name: 'Break silence', exact: true }).click()
    const broken = Date.now()
    await seesState(deu, 'broken', broken)
    const [seenByChair, seenByJpn] = await Promise.all([
      seesState(chair, 'broken', broken),
      seesState(jpn, 'broken', broken),
    ])
    console.info(
      `silence broken: seen by the secretariat after ${seenByChair} ms, JPN after ${seenByJpn} ms`,
    )
    await chair
      .getByText(/Silence was broken by DEU \(Germany\)/)
      .first()
      .waitFor()
    await chair.locator('[data-testid="break-reason"]', { hasText: reason }).waitFor()
    await jpn
      .getByText(/DEU \(Germany\) が沈黙を破りました/)
      .first()
      .waitFor()
    await jpn.locator('[data-testid="break-reason"]', { hasText: reason }).waitFor()
    // Back in negotiation: the stage says so, and the secretariat may start silence again.
    await chair.locator('.badge.stage-negotiating').waitFor()
    await jpn.locator('.badge.stage-negotiating').waitFor()
    await chair.getByRole('heading', { name: 'Start the silence procedure again' }).waitFor()
    // The text screen's connection reconnects with its new rights (the relay closes it, 4012).
    await chair.locator('.connection[data-state="online"]').waitFor({ timeout: 45_000 })
    await checkBothLanguages(chair, '35-silence-broken', 'en')
    await check(jpn, '36-silence-broken-delegate-ja')
  })

  it('starts silence again; at the deadline the text is adopted, and everyone sees it published and verified', async () => {
    // A deadline 25 seconds away, written as the browser's local time.
    const deadline = await chair.evaluate(() => {
      const d = new Date(Date.now() + 25_000)
      const pad = (n: number) => String(n).padStart(2, '0')
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
    })
    await chair.getByLabel('Deadline').fill(deadline)
    await chair.getByRole('button', { name: 'Start silence again', exact: true }).click()
    await chair
      .getByRole('dialog')
      .getByRole('button', { name: 'Start silence', exact: true })
      .click()
    const started = Date.now()
    await Promise.all([
      seesState(chair, 'running', started),
      seesState(jpn, 'running', started),
      seesState(deu, 'running', started),
    ])
    await chair.getByRole('button', { name: 'Adopt now' }).waitFor()
    // Nobody breaks it: the server adopts the text at the deadline and publishes it.
    for (const page of [chair, jpn, deu]) {
      await page.locator('.silence-state[data-state="adopted"]').waitFor({ timeout: 60_000 })
      await page.locator('.verification[data-verified="true"]').waitFor({ timeout: 30_000 })
    }
    await chair.getByText('Verified.', { exact: true }).waitFor()
    await jpn.getByText('検証済み。', { exact: true }).waitFor()
    const finalText = chair.locator('[data-testid="final-text"]')
    // The final numbers, with the working labels beside them; JPN's accepted words are in it.
    expect(await finalText.innerText()).toContain('including through a multilateral arrangement')
    await finalText.locator('[data-pid="op1"]', { hasText: /^\d+\.We commit to closing/ }).waitFor()
    expect(await finalText.locator('[data-pid="op1"]').innerText()).toContain('(OP1)')
    expect(await chair.locator('.final-record').innerText()).toMatch(
      /^Adopted by consensus after the silence procedure ended on .* without objection\.$/,
    )
    // The record lists both procedures: the one broken by DEU and the one that ended in adoption.
    const record = chair.locator('[data-testid="silence-record"] tbody tr')
    expect(await record.count()).toBe(2)
    expect(await record.nth(1).getAttribute('data-state')).toBe('broken')
    await chair.locator('.badge.stage-adopted').waitFor()
    await checkBothLanguages(chair, '37-adopted-published', 'en')
    await checkBothLanguages(jpn, '38-adopted-published-delegate', 'ja')
    for (const person of people) expect(person.problems).toEqual([])
  })

  it('shows consensus progress over the agreed-text history', async () => {
    await chair.getByRole('link', { name: 'Progress', exact: true }).click()
    await chair.locator('.progress-screen').waitFor()
    await chair
      .locator('[data-testid="progress-summary"]', {
        hasText: '20 of 20 paragraphs agreed, 0 agreed ad ref or pending, 0 open.',
      })
      .waitFor()
    await chair.getByText('The agreed-text history’s hash chain verifies.').waitFor()
    // The demo's three agreed paragraphs come first in the history; the newest row is the last change.
    const rows = chair.locator('[data-testid="progress-table"] tbody tr')
    expect(await rows.count()).toBeGreaterThan(20)
    expect(await rows.first().locator('td').nth(2).innerText()).toBe('20')
    expect(await rows.last().locator('td').nth(2).innerText()).toBe('1')
    // Per day, in the chair's time zone: the newest day ends with every paragraph agreed, and
    // the days' changes add up to the changes listed. (The demo's history is written during the
    // run, so it is one day unless the run crosses midnight.)
    const days = chair.locator('[data-testid="progress-days"] tbody tr')
    expect(await days.first().locator('td').nth(0).innerText()).toBe('20')
    const changes = await days.evaluateAll((trs) =>
      trs.map((tr) => Number(tr.querySelectorAll('td')[3]?.textContent)),
    )
    expect(changes.reduce((sum, n) => sum + n, 0)).toBe(await rows.count())
    // The chart, loaded with its library, repeats the days' table: an agreed bar a day.
    const dayCount = await days.count()
    await expect
      .poll(() =>
        chair.locator('.progress-chart .progress-bar-agreed .recharts-bar-rectangle').count(),
      )
      .toBe(dayCount)
    await checkBothLanguages(chair, '39-progress', 'en')
    for (const person of people) expect(person.problems).toEqual([])
  })
})
