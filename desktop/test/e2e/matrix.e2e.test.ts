import { readFileSync } from 'node:fs'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { launchBrowser, openPerson, type Person } from './support/browser.js'
import { type DemoServer, startDemoServer } from './support/demoServer.js'
import { AccordPage } from './support/pages.js'
import { missingKeys, screenshot, seriousViolations } from './support/screens.js'
import { openSharedMirror, type SharedMirror } from './support/sharedMirror.js'
import { ensureWebBuild } from './support/webBuild.js'

// The secretariat's matrix and dashboard on the real server with the demo negotiation, checked
// against the shared mirror the server writes (read here by a stock client over the relay).
let server: DemoServer
let browser: Browser
let mirror: SharedMirror
let token: string
const people: Person[] = []
let chair: AccordPage
let bra: AccordPage

interface Paragraph {
  id: string
  kind: string
  label: string
}
interface Consensus {
  blockedBy: string[]
  waitingFor: string[]
}
interface Position {
  paragraphId: string
  delegation: string
  decides: boolean
  value: string
}

const LABELS = {
  en: { email: 'Email', password: 'Password', submit: 'Sign in' },
  ja: { email: 'メールアドレス', password: 'パスワード', submit: 'サインイン' },
} as const

async function api<T>(path: string): Promise<T> {
  const response = await fetch(`${server.url}/api${path}`, {
    headers: { authorization: `Bearer ${token}` },
  })
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`)
  return (await response.json()) as T
}

/** The negotiated paragraphs of the draft, as the server reads them, with the matrix's labels. */
async function paragraphs(): Promise<{ id: string; label: string }[]> {
  const list = await api<Paragraph[]>(
    `/conferences/${server.conferenceId}/declarations/${server.declarationId}/paragraphs`,
  )
  return list
    .filter((p) => ['preambular', 'operative', 'annex'].includes(p.kind))
    .map((p) => ({ id: p.id, label: p.label || p.id }))
}

/** What the mirror says, worked out here independently of the client's code. */
function facts(doc: Y.Doc, draft: { id: string; label: string }[]) {
  const statuses = doc.getMap('statuses').toJSON() as Record<string, { status: string }>
  const consensus = doc.getMap('consensus').toJSON() as Record<string, Consensus>
  const positions = Object.values(doc.getMap('positions').toJSON()) as Position[]
  const ids = new Set(draft.map((p) => p.id))
  const status = (id: string) => statuses[id]?.status ?? 'open'
  const objections = new Map<string, number>()
  for (const p of positions) {
    if (ids.has(p.paragraphId) && p.value === 'objection') {
      objections.set(p.delegation, (objections.get(p.delegation) ?? 0) + 1)
    }
  }
  return {
    blocked: draft.filter((p) => (consensus[p.id]?.blockedBy.length ?? 0) > 0).map((p) => p.id),
    waiting: draft
      .filter((p) => status(p.id) !== 'agreed' && (consensus[p.id]?.waitingFor.length ?? 0) > 0)
      .map((p) => p.id),
    agreed: draft.filter((p) => status(p.id) === 'agreed').map((p) => p.id),
    blockedCount: (id: string) => consensus[id]?.blockedBy.length ?? 0,
    byStatus: Object.fromEntries(
      ['open', 'ad_ref', 'pending', 'agreed'].map((s) => [
        s,
        draft.filter((p) => status(p.id) === s).length,
      ]),
    ),
    objections,
    awaitedOf: (code: string) =>
      draft.filter(
        (p) =>
          status(p.id) !== 'agreed' &&
          !positions.some((x) => x.paragraphId === p.id && x.delegation === code),
      ).length,
  }
}

async function person(label: string, language: 'en' | 'ja' = 'en'): Promise<AccordPage> {
  const opened = await openPerson(browser, language)
  opened.page.setDefaultTimeout(15_000)
  people.push(opened)
  const page = new AccordPage(opened.page, server.url)
  await page.signIn(server.account(label), LABELS[language])
  return page
}

/** The paragraphs' rows in order (the demo's are all rendered: the matrix windows past 60). */
function rows(page: Page): Promise<string[]> {
  return page
    .locator('table.matrix tbody tr[data-pid]')
    .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.pid ?? ''))
}

function cell(page: Page, pid: string, code: string) {
  return page.locator(`table.matrix tr[data-pid="${pid}"] td[data-delegation="${code}"]`)
}

/** Clicks a radio of React Aria's group by its visible name (the input itself is hidden). */
async function choose(page: Page, name: string) {
  await page.getByRole('radio', { name, exact: true }).check({ force: true })
}

beforeAll(async () => {
  await ensureWebBuild()
  ;[server, browser] = await Promise.all([startDemoServer(), launchBrowser()])
  ;({ token } = (await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...server.account('secretariat'), mode: 'bearer' }),
  }).then((r) => r.json())) as { token: string })
  mirror = await openSharedMirror(server.url, server.conferenceId, server.declarationId, token)
  ;[chair, bra] = await Promise.all([person('secretariat'), person('delegate (BRA)')])
  await Promise.all([chair.openDeclaration(), bra.openDeclaration()])
})

afterAll(async () => {
  mirror?.close()
  await browser?.close()
  await server?.stop()
})

describe('the position matrix', () => {
  it("is reached from the declaration and shows each delegation's position in words", async () => {
    const { page } = chair
    await page.getByRole('link', { name: 'Position matrix' }).click()
    await page.locator('table.matrix tbody tr').first().waitFor()
    const draft = await paragraphs()
    expect(await rows(page)).toEqual(draft.map((p) => p.id))
    // Seeded: BRA objects to OP6. The cell says so in its name, its symbol and its word.
    const op6 = draft.find((p) => p.id === 'op6')!
    const bra6 = cell(page, 'op6', 'BRA')
    await expect(
      page
        .getByRole('gridcell', { name: `${op6.label}, BRA: Objection`, exact: true })
        .getAttribute('data-delegation'),
    ).resolves.toBe('BRA')
    // What it shows, drawn from data-mark: the symbol and the short word.
    await expect(bra6.getAttribute('data-mark')).resolves.toBe('✕\u2009Obj')
    await expect(bra6.evaluate((el) => getComputedStyle(el, '::before').content)).resolves.toBe(
      '"✕\u2009Obj"',
    )
    await expect(
      page
        .getByRole('gridcell', { name: `${op6.label}, ARG: no position yet`, exact: true })
        .count(),
    ).resolves.toBe(1)
    // Deciding columns first, advisory ones after, under their own headings.
    const groups = await page.locator('table.matrix thead th[scope="colgroup"]').allInnerTexts()
    expect(groups).toEqual(['Deciding delegations', 'Advisory (do not block)'])
    const codes = await page.locator('table.matrix thead th.matrix-code').allInnerTexts()
    const delegations = await api<{ code: string; decides: boolean }[]>(
      `/conferences/${server.conferenceId}/delegations`,
    )
    const decidingCount = delegations.filter((d) => d.decides).length
    expect(new Set(codes.slice(0, decidingCount))).toEqual(
      new Set(delegations.filter((d) => d.decides).map((d) => d.code)),
    )
    expect(new Set(codes.slice(decidingCount))).toEqual(
      new Set(delegations.filter((d) => !d.decides).map((d) => d.code)),
    )
  })

  it("shows a delegate's new position live, within 2 s", async () => {
    await expect(cell(chair.page, 'op9', 'BRA').getAttribute('data-value')).resolves.toBe('none')
    await bra.select('op9')
    await bra.openTab(/Positions/)
    await choose(bra.page, 'Objection')
    const started = Date.now()
    await bra.panel.getByRole('button', { name: 'Save position' }).click()
    await chair.page
      .locator('table.matrix tr[data-pid="op9"] td[data-delegation="BRA"][data-value="objection"]')
      .waitFor({ timeout: 10_000 })
    const took = Date.now() - started
    expect(took, `seen after ${took} ms`).toBeLessThan(2_000)
    await mirror.until(
      (doc) =>
        (doc.getMap('positions').get('op9/BRA') as Position | undefined)?.value === 'objection',
      'BRA objecting to op9',
    )
  })

  it('filters blocked, waiting and agreed paragraphs as the mirror says, and hides advisory columns', async () => {
    const { page } = chair
    const known = facts(mirror.doc, await paragraphs())
    expect(known.blocked).toContain('op9')
    for (const [name, expected] of [
      ['Blocked', known.blocked],
      ['Waiting for positions', known.waiting],
      ['Agreed', known.agreed],
      ['All', (await paragraphs()).map((p) => p.id)],
    ] as const) {
      await choose(page, name)
      await expect.poll(() => rows(page), { timeout: 5_000 }).toEqual(expected)
    }
    expect(known.agreed.length).toBeGreaterThan(0)
    await expect(page.locator('table.matrix thead th', { hasText: 'B20' }).count()).resolves.toBe(1)
    await page.getByRole('checkbox', { name: 'Show advisory delegations' }).uncheck({ force: true })
    await expect
      .poll(() => page.locator('table.matrix thead th', { hasText: 'B20' }).count())
      .toBe(0)
    await expect(page.locator('table.matrix thead th[scope="colgroup"]').count()).resolves.toBe(1)
    await page.getByRole('checkbox', { name: 'Show advisory delegations' }).check({ force: true })
    await expect
      .poll(() => page.locator('table.matrix thead th', { hasText: 'B20' }).count())
      .toBe(1)
  })

  it('sorts by label and by how contested', async () => {
    const { page } = chair
    const draft = await paragraphs()
    const known = facts(mirror.doc, draft)
    const labelOf = new Map(draft.map((p) => [p.id, p.label]))
    await choose(page, 'By label')
    const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' })
    const byLabel = [...draft].sort((a, b) => collator.compare(a.label, b.label)).map((p) => p.id)
    await expect.poll(() => rows(page)).toEqual(byLabel)
    await expect(page.locator('table.matrix tbody th').allInnerTexts()).resolves.toEqual(
      byLabel.map((id) => labelOf.get(id)),
    )
    await choose(page, 'Most contested first')
    await expect.poll(async () => (await rows(page))[0]).toMatch(/op6|op9/)
    const order = await rows(page)
    const objections = order.map((id) => known.blockedCount(id))
    expect(objections).toEqual([...objections].sort((a, b) => b - a))
    expect(objections[0]).toBeGreaterThan(0)
    await choose(page, 'As in the text')
    await expect.poll(() => rows(page)).toEqual(draft.map((p) => p.id))
  })

  it('exports what it shows as CSV, built in the browser', async () => {
    const { page } = chair
    const known = facts(mirror.doc, await paragraphs())
    await choose(page, 'Blocked')
    await expect.poll(() => rows(page)).toEqual(known.blocked)
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`positions-${server.declarationId}.csv`)
    const text = readFileSync((await download.path())!, 'utf8')
    expect(text.startsWith('\uFEFF')).toBe(true)
    const lines = text.slice(1).trimEnd().split('\r\n')
    const header = lines[0]!.split(',')
    expect(header.slice(0, 3)).toEqual(['paragraph', 'id', 'status'])
    const kinds = lines[1]!.split(',')
    expect(kinds.slice(3).every((k) => k === 'deciding' || k === 'advisory')).toBe(true)
    const body = lines.slice(2).map((line) => line.split(','))
    expect(body.map((fields) => fields[1])).toEqual(known.blocked)
    // Every field agrees with the mirror, empty where a delegation has said nothing.
    const positions = mirror.doc.getMap('positions')
    for (const fields of body) {
      for (const [i, code] of header.entries()) {
        if (i < 3) continue
        const entry = positions.get(`${fields[1]}/${code}`) as Position | undefined
        expect(fields[i], `${fields[1]}/${code}`).toBe(entry?.value ?? '')
      }
    }
    const op9 = body.find((fields) => fields[1] === 'op9')!
    expect(op9[header.indexOf('BRA')]).toBe('objection')
    await choose(page, 'All')
  })

  it('opens the paragraph in the editor on a click, and on Enter', async () => {
    const { page } = chair
    await cell(page, 'op6', 'DEU').click()
    await page.waitForURL(/\/paragraph\/op6$/)
    await page.locator('.side-panel[data-pid="op6"]').waitFor()
    await expect
      .poll(() =>
        page.evaluate(() => {
          const selection = window.getSelection()
          return selection?.anchorNode?.parentElement
            ?.closest('[data-pid]')
            ?.getAttribute('data-pid')
        }),
      )
      .toBe('op6')

    await screenshot(page, '22-from-matrix-en')
    await page.getByRole('link', { name: 'Position matrix' }).click()
    await page.locator('table.matrix tbody tr').first().waitFor()
    // One tab stop in the grid; the arrow keys move within it.
    await page.locator('table.matrix [data-cell][tabindex="0"]').focus()
    await page.keyboard.press('ArrowDown')
    await page.keyboard.press('ArrowRight')
    await page.keyboard.press('ArrowRight')
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement
      return { pid: el.closest('tr')?.dataset.pid, code: el.dataset.delegation }
    })
    const draft = await paragraphs()
    expect(focused.pid).toBe(draft[1]!.id)
    expect(focused.code).toBeTruthy()
    await expect(page.locator('table.matrix [data-cell][tabindex="0"]').count()).resolves.toBe(1)
    await page.keyboard.press('Enter')
    await page.waitForURL(new RegExp(`/paragraph/${draft[1]!.id}$`))
    await page.locator(`.side-panel[data-pid="${draft[1]!.id}"]`).waitFor()
    // Arriving put the cursor in the text; the Enter that brought it there did not split it.
    await page.waitForTimeout(500)
    expect((await paragraphs()).map((p) => p.id)).toEqual(draft.map((p) => p.id))
    expect(people.flatMap((p) => p.problems)).toEqual([])
  })
})

describe('the consensus dashboard', () => {
  it('counts paragraphs by status and ranks objections and awaited positions as the mirror does', async () => {
    const { page } = chair
    await page.getByRole('link', { name: 'Dashboard' }).click()
    await page.locator('[data-testid="by-status"]').waitFor()
    const check = async () => {
      const draft = await paragraphs()
      const known = facts(mirror.doc, draft)
      for (const status of ['open', 'ad_ref', 'pending', 'agreed']) {
        await expect
          .poll(() =>
            page
              .locator(`[data-testid="by-status"] tr[data-status="${status}"] .dashboard-count`)
              .innerText(),
          )
          .toBe(String(known.byStatus[status]))
      }
      await expect(
        page.locator('[data-testid="by-status"] tr[data-status="total"] td').innerText(),
      ).resolves.toBe(String(draft.length))
      const ranked = [...known.objections].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      await expect
        .poll(() =>
          page
            .locator('[data-testid="most-objections"] tbody tr')
            .evaluateAll((trs) =>
              trs.map((tr) => [
                (tr as HTMLElement).dataset.delegation,
                Number(tr.querySelector('.dashboard-count')?.textContent),
              ]),
            ),
        )
        .toEqual(ranked.slice(0, 10))
      const awaited = await page
        .locator('[data-testid="most-awaited"] tbody tr')
        .evaluateAll((trs) =>
          trs.map((tr) => [
            (tr as HTMLElement).dataset.delegation ?? '',
            Number(tr.querySelector('.dashboard-count')?.textContent),
          ]),
        )
      expect(awaited.length).toBeGreaterThan(0)
      for (const [code, count] of awaited)
        expect(count, String(code)).toBe(known.awaitedOf(String(code)))
      return known
    }
    const before = await check()
    // A second objection from BRA: the ranking follows, live.
    await bra.select('op3')
    await bra.openTab(/Positions/)
    await choose(bra.page, 'Objection')
    await bra.panel.getByRole('button', { name: 'Save position' }).click()
    await mirror.until(
      (doc) =>
        (doc.getMap('positions').get('op3/BRA') as Position | undefined)?.value === 'objection',
      'BRA objecting to op3',
    )
    const after = await check()
    expect(after.objections.get('BRA')).toBe((before.objections.get('BRA') ?? 0) + 1)
  })
})

describe('a delegate', () => {
  it('sees the same matrix, their own position included', async () => {
    const { page } = bra
    await page.getByRole('link', { name: 'Position matrix' }).click()
    await page.locator('table.matrix tbody tr').first().waitFor()
    await expect(cell(page, 'op9', 'BRA').getAttribute('data-value')).resolves.toBe('objection')
    await expect(cell(page, 'op3', 'BRA').getAttribute('data-value')).resolves.toBe('objection')
    expect(await rows(page)).toEqual((await paragraphs()).map((p) => p.id))
    await page.getByRole('link', { name: 'Text' }).click()
    await page.locator('.declaration-text [data-pid]').first().waitFor()
  })
})

describe('an observer', () => {
  it('is told the drafts are not theirs, and the views open no document', async () => {
    const observer = await openPerson(browser)
    people.push(observer)
    const { page } = observer
    page.setDefaultTimeout(15_000)
    const sockets: string[] = []
    page.on('websocket', (socket) => sockets.push(socket.url()))
    const refused: string[] = []
    page.on('response', (r) => r.status() === 403 && refused.push(new URL(r.url()).pathname))
    await new AccordPage(page, server.url).signIn(server.account('observer'))
    const refusedAtHome = refused.length
    const base = `${server.url}/app/#/conference/${server.conferenceId}/declaration/${server.declarationId}`
    for (const view of ['matrix', 'dashboard']) {
      await page.goto(`${base}/${view}`)
      await page.getByText('Observers read the published texts, not the drafts.').waitFor()
    }
    expect(sockets).toEqual([])
    // Nothing the views asked for was refused. (Home, before them, is refused the list of
    // declarations for an observer: reported, not this screen's.)
    expect(refused.slice(refusedAtHome)).toEqual([])
    await observer.context.close()
  })
})

describe.each(['en', 'ja'] as const)('the matrix and the dashboard in %s', (language) => {
  it('have no missing translation and no serious or critical axe finding', async () => {
    const secretariat = await openPerson(browser, language)
    people.push(secretariat)
    const { page } = secretariat
    page.setDefaultTimeout(15_000)
    await new AccordPage(page, server.url).signIn(server.account('secretariat'), LABELS[language])
    const base = `${server.url}/app/#/conference/${server.conferenceId}/declaration/${server.declarationId}`
    await page.goto(`${base}/matrix`)
    await page.locator('table.matrix tbody tr').first().waitFor()
    await page.locator('body').evaluate(() => document.fonts.ready)
    await screenshot(page, `20-matrix-${language}`)
    expect(await missingKeys(page), 'matrix: missing translations').toEqual([])
    expect(await seriousViolations(page), 'matrix: axe').toEqual([])
    await page.goto(`${base}/dashboard`)
    await page.locator('[data-testid="by-status"]').waitFor()
    await page.locator('[data-testid="progress-card"] .recharts-bar-rectangle').first().waitFor()
    await screenshot(page, `21-dashboard-${language}`)
    expect(await missingKeys(page), 'dashboard: missing translations').toEqual([])
    expect(await seriousViolations(page), 'dashboard: axe').toEqual([])
    expect(secretariat.problems).toEqual([])
  })
})
