import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DECLARATION_FIELD, EDITOR_SCHEMA_VERSION } from '@accord/editor'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { launchBrowser, openPerson } from './support/browser.js'
import { type DemoServer, startDemoServer } from './support/demoServer.js'
import { AccordPage } from './support/pages.js'
import { ensureWebBuild } from './support/webBuild.js'

// Opening a declaration must never write to it. A browser with no local copy once bound its
// editor before the text arrived, and its empty placeholder paragraph went into the shared draft:
// every fresh browser added an empty OP1.
const WebSocket = createRequire(
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'server', 'package.json'),
)('ws') as typeof globalThis.WebSocket

let server: DemoServer
let browser: Browser
let token: string

beforeAll(async () => {
  await ensureWebBuild()
  ;[server, browser] = await Promise.all([startDemoServer(), launchBrowser()])
  const login = await fetch(`${server.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...server.account('secretariat'), mode: 'bearer' }),
  })
  token = ((await login.json()) as { token: string }).token
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

/** The draft as the server holds it now: its blocks' ids, read by a fresh stock client. */
async function draftPids(): Promise<string[]> {
  const conferences = (await (
    await fetch(`${server.url}/api/conferences`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as { id: string; name: string }[]
  const conference = conferences.find((c) => !c.name.includes('first session'))!
  const [declaration] = (await (
    await fetch(`${server.url}/api/conferences/${conference.id}/declarations`, {
      headers: { authorization: `Bearer ${token}` },
    })
  ).json()) as { id: string }[]
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(
    `${server.url.replace(/^http/, 'ws')}/sync`,
    `conference/${conference.id}/declaration/${declaration!.id}/draft`,
    doc,
    {
      WebSocketPolyfill: WebSocket,
      disableBc: true,
      params: { token, editor: String(EDITOR_SCHEMA_VERSION) },
    },
  )
  try {
    for (const deadline = Date.now() + 10_000; !provider.synced; ) {
      if (Date.now() > deadline) throw new Error('the draft did not sync')
      await new Promise((resolve) => setTimeout(resolve, 25))
    }
    return doc
      .getXmlFragment(DECLARATION_FIELD)
      .toArray()
      .map((block) => (block instanceof Y.XmlElement ? String(block.getAttribute('pid')) : '?'))
  } finally {
    provider.destroy()
    doc.destroy()
  }
}

it('opening the declaration in fresh browsers adds nothing to the draft', async () => {
  const before = await draftPids()
  expect(before.length).toBeGreaterThan(10)
  for (const label of ['secretariat', 'delegate (BRA)', 'delegate (JPN)']) {
    const person = await openPerson(browser)
    person.page.setDefaultTimeout(15_000)
    const page = new AccordPage(person.page, server.url)
    await page.signIn(server.account(label))
    await page.openDeclaration()
    // What the editor shows is the draft as it was: the same blocks, in the same order.
    const shown = await page.editor
      .locator(':scope > [data-pid]')
      .evaluateAll((blocks) => blocks.map((b) => b.getAttribute('data-pid')))
    expect(shown, label).toEqual(before)
    await person.context.close()
  }
  // The server's copy, read afresh after every browser has come and gone.
  expect(await draftPids()).toEqual(before)
})
