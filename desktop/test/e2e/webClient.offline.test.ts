import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchBrowser, openPerson, type Person } from './support/browser.js'
import { type DemoServer, startDemoServer } from './support/demoServer.js'
import { AccordPage } from './support/pages.js'
import { screenshot } from './support/screens.js'
import { ensureWebBuild } from './support/webBuild.js'

// Bad Wi-Fi in a conference hall: a delegate goes offline, keeps working, and comes back.
let server: DemoServer
let browser: Browser
let jpnPerson: Person
let jpn: AccordPage
let deu: AccordPage
let chairToken: string

beforeAll(async () => {
  await ensureWebBuild()
  ;[server, browser] = await Promise.all([startDemoServer(), launchBrowser()])
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...server.account('secretariat'), mode: 'bearer' }),
  })
  chairToken = ((await login.json()) as { token: string }).token
  const open = async (label: string) => {
    const person = await openPerson(browser)
    person.page.setDefaultTimeout(15_000)
    const page = new AccordPage(person.page, server.url)
    await page.signIn(server.account(label))
    await page.openDeclaration()
    return { person, page }
  }
  const [a, b] = await Promise.all([open('delegate (JPN)'), open('delegate (DEU)')])
  jpnPerson = a.person
  jpn = a.page
  deu = b.page
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('offline work', () => {
  it('edits and comments made offline merge on reconnect, each comment sent once', async () => {
    const stamp = Date.now().toString(36)
    await jpn.select('op9')
    await jpnPerson.context.setOffline(true)
    await jpn.page.locator('.connection[data-state="offline"]').waitFor()

    await jpn.typeAtEnd('op9', ` offline ${stamp}`)
    await jpn.panel.getByLabel('New comment').fill(`Written offline ${stamp}`)
    await jpn.panel.getByRole('button', { name: 'Post comment' }).click()
    await jpn.panel
      .locator('.comment.is-pending', { hasText: `Written offline ${stamp}` })
      .waitFor()
    await jpn.page.locator('.connection-pending').getByText('1 waiting to be sent').waitFor()
    await deu.typeAtEnd('op11', ` online ${stamp}`)
    // While JPN is away, the secretariat agrees OP12, which JPN is changing offline.
    await jpn.typeAtEnd('op12', ` too late ${stamp}`)
    const agreed = await fetch(
      `${server.url}/api/conferences/${server.conferenceId}/declarations/${server.declarationId}/statuses`,
      {
        method: 'PUT',
        headers: { authorization: `Bearer ${chairToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ paragraphId: 'op12', status: 'agreed' }),
      },
    )
    expect(agreed.status).toBe(200)
    await screenshot(jpn.page, '10-offline-en')
    expect(await deu.paragraphText('op9')).not.toContain(stamp)

    await jpnPerson.context.setOffline(false)
    await jpn.page.locator('.connection[data-state="online"]').waitFor({ timeout: 20_000 })
    await deu.paragraph('op9').getByText(`offline ${stamp}`, { exact: false }).waitFor()
    await jpn.paragraph('op11').getByText(`online ${stamp}`, { exact: false }).waitFor()
    await deu.select('op9')
    await deu.panel.getByText(`Written offline ${stamp}`).waitFor()
    await jpn.page.locator('.connection-pending').waitFor({ state: 'detached' })
    await jpn.select('op9')
    await jpn.panel.locator('.thread', { hasText: `Written offline ${stamp}` }).waitFor()
    expect(await deu.panel.getByText(`Written offline ${stamp}`).count()).toBe(1)
    expect(await jpn.panel.getByText(`Written offline ${stamp}`).count()).toBe(1)

    // OP12 was agreed meanwhile: the server put the agreed text back, and JPN is told why.
    await expect.poll(() => jpn.paragraphText('op12')).not.toContain(stamp)
    await expect.poll(() => deu.paragraphText('op12')).not.toContain(stamp)
    await jpn.page.locator('.notice', { hasText: 'OP12 is agreed' }).waitFor()
    await screenshot(jpn.page, '11-restored-en')
  })

  it('a command that could not be sent survives a reload and is sent once afterwards', async () => {
    const stamp = Date.now().toString(36)
    // The comments endpoint is unreachable (the socket is not): the command waits.
    await jpn.page.route('**/comments', (route) => route.abort('internetdisconnected'))
    await jpn.select('op13')
    await jpn.panel.getByLabel('New comment').fill(`Kept over a reload ${stamp}`)
    await jpn.panel.getByRole('button', { name: 'Post comment' }).click()
    await jpn.page.locator('.connection-pending').getByText('1 waiting to be sent').waitFor()
    await jpn.page.reload()
    await jpn.page.locator('.connection-pending').getByText('1 waiting to be sent').waitFor()
    await jpn.page.unroute('**/comments')
    await jpn.page.locator('.connection-pending').waitFor({ state: 'detached' })
    await deu.select('op13')
    await deu.panel.getByText(`Kept over a reload ${stamp}`).waitFor()
    expect(await deu.panel.getByText(`Kept over a reload ${stamp}`).count()).toBe(1)
  })

  // Japanese typed through an input method while someone else types in the same paragraph.
  // Playwright has no IME API, so the composition is driven through Chromium's DevTools protocol.
  it('a composition typed while another delegate edits the same paragraph survives whole', async () => {
    // JPN in Japanese this time, in a profile of their own.
    const person = await openPerson(browser, 'ja')
    person.page.setDefaultTimeout(15_000)
    const jpn = new AccordPage(person.page, server.url)
    await jpn.signIn(server.account('delegate (JPN)'), {
      email: 'メールアドレス',
      password: 'パスワード',
      submit: 'サインイン',
    })
    await jpn.openDeclaration()
    const cdp = await person.context.newCDPSession(jpn.page)
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
    expect(person.problems).toEqual([])
    await person.context.close()
  })

  it('a declaration opened once opens again offline, from this device, and can be edited', async () => {
    const stamp = Date.now().toString(36)
    await jpn.page.getByRole('link', { name: 'My conferences' }).click()
    await jpn.page.locator('.conference').waitFor()
    await jpnPerson.context.setOffline(true)
    await jpn.page.locator('.declaration-link').first().click()
    await jpn.paragraph('op14').waitFor()
    await jpn.page.locator('.connection[data-state="offline"]').waitFor()
    await jpn.typeAtEnd('op14', ` reopened offline ${stamp}`)
    await jpnPerson.context.setOffline(false)
    await jpn.page.locator('.connection[data-state="online"]').waitFor({ timeout: 20_000 })
    await deu.paragraph('op14').getByText(`reopened offline ${stamp}`, { exact: false }).waitFor()
  })

  it('an ended session asks to sign in again, and then returns to the declaration', async () => {
    // JPN signs out everywhere from another device: this browser's sockets close with 4401.
    const login = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...server.account('delegate (JPN)'), mode: 'bearer' }),
    })
    const { token } = (await login.json()) as { token: string }
    const ended = await fetch(`${server.url}/api/auth/logout-all`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    })
    expect(ended.status).toBe(200)
    await jpn.page
      .getByText('Your session has ended. Sign in again; nothing you wrote is lost.')
      .waitFor()
    const account = server.account('delegate (JPN)')
    await jpn.page.getByLabel('Email').fill(account.email)
    await jpn.page.getByLabel('Password').fill(account.password)
    await jpn.page.getByRole('button', { name: 'Sign in', exact: true }).click()
    await jpn.page.locator('.connection[data-state="online"]').waitFor({ timeout: 20_000 })
    await jpn.paragraph('op9').waitFor()
  })

  // Last: DEU loses its membership for the rest of this file.
  it('a connection the server closes for good stops retrying and says why', async () => {
    const headers = { authorization: `Bearer ${chairToken}`, 'content-type': 'application/json' }
    const members = (await (
      await fetch(`${server.url}/api/conferences/${server.conferenceId}/members`, { headers })
    ).json()) as { membershipId: string; email: string }[]
    const member = members.find((m) => m.email === server.account('delegate (DEU)').email)!
    const removed = await fetch(
      `${server.url}/api/conferences/${server.conferenceId}/members/${member.membershipId}`,
      { method: 'DELETE', headers, body: '{}' },
    )
    expect(removed.status).toBe(200)
    const status = deu.page.locator('.connection[data-state="stopped"]')
    await status.getByText('You no longer have access to this declaration.').waitFor()
    await screenshot(deu.page, '12-access-removed-en')
  })
})
