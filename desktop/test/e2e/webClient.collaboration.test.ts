import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPerson, type Person } from './support/browser.js'
import { type DemoServer, startDemoServer } from './support/demoServer.js'
import { AccordPage } from './support/pages.js'
import { ensureWebBuild } from './support/webBuild.js'

// Three people at three browsers, on the real server started as `pnpm start` starts it, with
// the demo negotiation: a JPN delegate, a DEU delegate and the secretariat.
let server: DemoServer
let browser: Browser
const people: Person[] = []
let jpn: AccordPage
let deu: AccordPage
let chair: AccordPage

async function person(label: string): Promise<AccordPage> {
  const opened = await openPerson(browser)
  opened.page.setDefaultTimeout(15_000)
  people.push(opened)
  const page = new AccordPage(opened.page, server.url)
  await page.signIn(server.account(label))
  return page
}

beforeAll(async () => {
  await ensureWebBuild()
  ;[server, browser] = await Promise.all([startDemoServer(), launchBrowser()])
  ;[jpn, deu, chair] = await Promise.all([
    person('delegate (JPN)'),
    person('delegate (DEU)'),
    person('secretariat'),
  ])
  await Promise.all([jpn.openDeclaration(), deu.openDeclaration(), chair.openDeclaration()])
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('the web client, three people negotiating', () => {
  it('serves /app with a CSP that allows no inline script, and nothing violates it', async () => {
    const response = await fetch(`${server.url}/app/`)
    const csp = response.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/unsafe/)
    for (const p of people) expect(p.problems).toEqual([])
  })

  it('shows each person their role and delegation, and keeps the session over a reload', async () => {
    await jpn.page.reload()
    await jpn.editor.locator('[data-pid]').first().waitFor()
    await expect(jpn.page.locator('.declaration-meta .role-line').innerText()).resolves.toMatch(
      /Delegate of JPN/,
    )
    await expect(chair.page.locator('.declaration-meta .role-line').innerText()).resolves.toMatch(
      /Secretariat/,
    )
    await jpn.page.locator('.connection[data-state="online"]').waitFor()
  })

  it('co-editing converges, and a proposal shows its delegation to the others', async () => {
    await jpn.typeAtEnd('op3', ' with partners JPNX')
    await deu.typeAtEnd('op4', ' and regions DEUX')
    for (const page of [jpn, deu, chair]) {
      for (const [pid, words] of [
        ['op3', 'JPNX'],
        ['op4', 'DEUX'],
      ] as const) {
        await page
          .paragraph(pid)
          .getByText(words, { exact: false })
          .waitFor()
          .catch(async (error: Error) => {
            // What each person holds instead, so that a failure says why.
            const held = await Promise.all(
              [jpn, deu, chair].map((p) =>
                p
                  .paragraph(pid)
                  .innerHTML()
                  .catch(() => '?'),
              ),
            )
            throw new Error(`${error.message}\n${pid} held by JPN, DEU, chair:\n${held.join('\n')}`)
          })
      }
    }
    await expect
      .poll(async () => new Set(await Promise.all([jpn.text(), deu.text(), chair.text()])).size, {
        timeout: 10_000,
      })
      .toBe(1)
    // Seen by DEU: JPN's words are a JPN insertion, bracketed, with JPN's tag.
    const bracket = deu.paragraph('op3').locator('[data-proposal][data-delegation="JPN"]', {
      hasText: 'JPNX',
    })
    await expect(bracket.getAttribute('data-action')).resolves.toBe('insert')
    const tag = await bracket.evaluate((el) => getComputedStyle(el, '::after').content)
    expect(tag).toContain('JPN')
    // The other person's caret is named and in their delegation's colour.
    await deu.page
      .locator('.collaboration-carets__label', { hasText: 'Aiko Tanaka (JPN)' })
      .waitFor()
  })

  it('a shared comment reaches the others within 2 s; an internal one never does', async () => {
    const stamp = Date.now().toString(36)
    await Promise.all([jpn.select('op5'), deu.select('op5'), chair.select('op5')])
    await jpn.panel.getByLabel('New comment').fill(`Shared note ${stamp}`)
    const sent = Date.now()
    await jpn.panel.getByRole('button', { name: 'Post comment' }).click()
    await deu.panel.getByText(`Shared note ${stamp}`).waitFor({ timeout: 2_000 })
    expect(Date.now() - sent).toBeLessThan(2_000)
    await chair.panel.getByText(`Shared note ${stamp}`).waitFor({ timeout: 2_000 })

    await jpn.panel.getByLabel('New comment').fill(`Internal note ${stamp}`)
    await jpn.panel.locator('label', { hasText: /My delegation only/ }).click()
    await jpn.panel.getByRole('button', { name: 'Post comment' }).click()
    await jpn.panel.locator('.comment-body', { hasText: `Internal note ${stamp}` }).waitFor()
    await expect(
      jpn.panel.locator('.thread', { hasText: `Internal note ${stamp}` }).innerText(),
    ).resolves.toMatch(/Internal to JPN/)
    // A later shared comment as a barrier: once it has arrived, the internal one had its chance.
    await jpn.panel.locator('label', { hasText: 'All participants' }).click()
    await jpn.panel.getByLabel('New comment').fill(`Barrier ${stamp}`)
    await jpn.panel.getByRole('button', { name: 'Post comment' }).click()
    for (const other of [deu, chair]) {
      await other.panel.getByText(`Barrier ${stamp}`).waitFor()
      expect(await other.page.content()).not.toContain(`Internal note ${stamp}`)
    }
  })

  it("a position set by one delegation shows in the others' panels", async () => {
    await Promise.all([deu.select('op7'), jpn.select('op7'), chair.select('op7')])
    await deu.openTab(/Positions/)
    await deu.panel.locator('label', { hasText: 'Objection' }).click()
    await deu.panel.getByLabel('Note').fill('Needs a reference to existing frameworks.')
    await deu.panel.getByRole('button', { name: 'Save position' }).click()
    for (const other of [jpn, chair]) {
      await other.openTab(/Positions/)
      const row = other.panel.locator('[data-group="deciding"] [data-delegation="DEU"]')
      await row.getByText('Objection').waitFor()
      await row.getByText('Needs a reference to existing frameworks.').waitFor()
      await other
        .gutterItem('op7')
        .getByText(/Blocked by .*DEU/)
        .waitFor()
    }
    // The advisory group is apart: B20's seeded position on OP12 is not among the deciding.
    await jpn.select('op12')
    await jpn.openTab(/Positions/)
    await jpn.panel.locator('[data-group="advisory"] [data-delegation="B20"]').waitFor()
    expect(await jpn.panel.locator('[data-group="deciding"] [data-delegation="B20"]').count()).toBe(
      0,
    )
  })

  it('an agreed paragraph is locked: typing into it changes nothing', async () => {
    const locked = jpn.paragraph('op1')
    await expect(locked.getAttribute('data-locked')).resolves.toBe('true')
    await expect(locked.getAttribute('class')).resolves.toContain('paragraph-locked')
    await jpn.gutterItem('op1').getByText('Agreed').waitFor()
    const before = await jpn.paragraphText('op1')
    await locked.click()
    await jpn.page.keyboard.type('LOCKEDX')
    await jpn.page.keyboard.press('Backspace')
    expect(await jpn.paragraphText('op1')).toBe(before)
    expect(await deu.paragraphText('op1')).toBe(before)
  })

  it('the secretariat marks a paragraph agreed, with confirmation, and it locks for everyone', async () => {
    await chair.select('op8')
    await chair.panel.getByRole('button', { name: /Paragraph status/ }).click()
    await chair.page.getByRole('option', { name: 'Agreed', exact: true }).click()
    await chair.panel.getByRole('button', { name: 'Set status' }).click()
    await chair.page.getByRole('dialog').getByRole('button', { name: 'Mark as agreed' }).click()
    for (const page of [jpn, deu, chair]) {
      await page.page.locator('.declaration-text [data-pid="op8"][data-locked="true"]').waitFor()
      await page.gutterItem('op8').getByText('Agreed').waitFor()
    }
  })

  it('the secretariat agrees over an objection only with a reason, which everyone then reads', async () => {
    // OP6 holds JPN's open bracket: agreeing it is not offered, and says why.
    await chair.select('op6')
    await chair.panel.getByRole('button', { name: /Paragraph status/ }).click()
    await chair.page.getByRole('option', { name: 'Agreed', exact: true }).click()
    await chair.panel
      .locator('[data-status-hint="brackets"]', { hasText: 'Open brackets: 1' })
      .waitFor()
    expect(await chair.panel.getByRole('button', { name: 'Set status' }).isDisabled()).toBe(true)
    // DEU objected to OP7 above.
    await chair.select('op7')
    await chair.panel.getByRole('button', { name: /Paragraph status/ }).click()
    await chair.page.getByRole('option', { name: 'Agreed ad ref', exact: true }).click()
    const reason = chair.panel.getByLabel(/Reason for agreeing over the objection of DEU/)
    await reason.waitFor()
    const apply = chair.panel.getByRole('button', { name: 'Set status' })
    expect(await apply.isDisabled()).toBe(true)
    await reason.fill('DEU can live with it, said in the informals.')
    await apply.click()
    for (const page of [jpn, deu, chair]) {
      await page.select('op7')
      await page.panel
        .locator('[data-status-override]', {
          hasText: 'Agreed over the objection of DEU: DEU can live with it, said in the informals.',
        })
        .waitFor()
    }
  })

  it('a delegate proposes alternatives, "no text" and new wording, and the others see them', async () => {
    await Promise.all([deu.select('op14'), jpn.select('op14')])
    await deu.openTab(/Proposals/)
    await deu.panel.locator('label', { hasText: /No text/ }).click()
    await deu.panel.getByRole('button', { name: 'Add alternative' }).click()
    await deu.panel
      .getByLabel('Alternative wording')
      .fill('We will cooperate on cyber resilience DEUALT.')
    await deu.panel.getByRole('button', { name: 'Add alternative' }).click()
    const op14 = jpn.paragraph('op14')
    await op14
      .locator('[data-delegation="DEU"][data-action="delete"][data-alternative="1"]')
      .waitFor()
    await op14
      .locator('[data-delegation="DEU"][data-action="insert"][data-alternative="2"]', {
        hasText: 'DEUALT',
      })
      .waitFor()
    await jpn.openTab(/Proposals/)
    await jpn.panel
      .locator('.proposal-item[data-delegation="DEU"]', { hasText: 'no text' })
      .waitFor()
    await jpn.panel.locator('.proposal-item[data-delegation="DEU"]', { hasText: 'Alt 2' }).waitFor()
    // The server accepted both as DEU's own proposals: DEU's connection is still up.
    await deu.page.locator('.connection[data-state="online"]').waitFor()
  })

  it('the secretariat writing the draft changes a block into a heading; it loses its label', async () => {
    await chair.select('op13')
    await chair.panel.getByRole('button', { name: /Kind of block/ }).click()
    await chair.page.getByRole('option', { name: 'Heading', exact: true }).click()
    for (const page of [chair, jpn]) {
      await page.page.locator('.declaration-text h2[data-pid="op13"]').waitFor()
    }
    expect(await jpn.paragraph('op13').getAttribute('data-label')).toBeNull()
  })

  it('the secretariat accepts a proposal, and its brackets go for everyone', async () => {
    await chair.select('op3')
    await chair.openTab(/Proposals/)
    const item = chair.panel.locator('.proposal-item[data-delegation="JPN"]', { hasText: 'JPNX' })
    await item.getByRole('button', { name: 'Accept' }).click()
    for (const page of [jpn, deu, chair]) {
      await expect.poll(() => page.paragraph('op3').locator('[data-proposal]').count()).toBe(0)
      await page.paragraph('op3').getByText('JPNX', { exact: false }).waitFor()
    }
    for (const p of people) expect(p.problems).toEqual([])
  })

  // Last: the silence procedure freezes the text for the rest of this file.
  it('the secretariat moves to the silence procedure, confirmed, and the text freezes for all', async () => {
    await chair.page.getByRole('button', { name: 'Move to Silence procedure' }).click()
    await chair.page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click()
    for (const page of [jpn, deu, chair]) {
      await page.page.locator('.declaration-meta .stage-silence').waitFor()
      await page.editor.and(page.page.locator('[contenteditable="false"]')).waitFor()
    }
    const before = await jpn.paragraphText('op5')
    await jpn.paragraph('op5').click()
    await jpn.page.keyboard.type('FROZEN')
    expect(await jpn.paragraphText('op5')).toBe(before)
  })
})
