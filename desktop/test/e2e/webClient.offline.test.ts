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
})
