import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppProtocolHandler } from '../../src/main/appProtocolHandler.js'
import { chromiumArgs, chromiumPath } from '../support/chromium.js'

// Electron's renderer is Chromium, so the policy is tried in Chromium: the app's protocol handler
// serves a page over loopback HTTP (standing in for accord://app, which a plain Chromium cannot
// load), and the page tries every kind of script the policy must stop.

let root: string
let appServer: Server
let foreignServer: Server
let browser: Browser
let appUrl: string

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)
    })
  })
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'accord-csp-'))
  const serve = createAppProtocolHandler(root)
  appServer = createServer(async (request, response) => {
    const answer = await serve(new Request(`accord://app${request.url ?? '/'}`))
    response.writeHead(answer.status, Object.fromEntries(answer.headers))
    response.end(Buffer.from(await answer.arrayBuffer()))
  })
  foreignServer = createServer((_request, response) => {
    response.writeHead(200, { 'Content-Type': 'text/javascript' })
    response.end('window.results.foreignScript = "ran"')
  })
  appUrl = await listen(appServer)
  const foreignUrl = await listen(foreignServer)

  await writeFile(
    join(root, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>csp</title>
<script>window.results = { inlineScript: 'ran' }</script>
</head><body>
<script src="./setup.js"></script>
<script>window.results.inlineScript = 'ran'</script>
<img src="missing.png" onerror="window.results.inlineHandler = 'ran'">
<a id="js-link" href="javascript:void(window.results.javascriptUrl='ran')">x</a>
<script src="${foreignUrl}/evil.js"></script>
<script src="./app.js"></script>
</body></html>`,
  )
  await writeFile(
    join(root, 'setup.js'),
    "window.results = window.results || {}; window.results.ownScript = 'ran'",
  )
  await writeFile(
    join(root, 'app.js'),
    `try { eval('1'); window.results.eval = 'ran' } catch (e) { window.results.eval = e.name }
try { new Function('return 1')(); window.results.newFunction = 'ran' } catch (e) { window.results.newFunction = e.name }
try { setTimeout('window.results.stringTimeout = "ran"', 0) } catch (e) { window.results.stringTimeout = e.name }
document.getElementById('js-link').click()
// Timers run in order and load waits for the failed image: once this runs, anything the policy
// let through would have run too.
window.addEventListener('load', () => setTimeout(() => { window.results.done = true }, 0))`,
  )
  browser = await chromium.launch({ executablePath: chromiumPath(), args: chromiumArgs })
})

afterAll(async () => {
  await browser?.close()
  appServer?.close()
  foreignServer?.close()
  await rm(root, { recursive: true, force: true })
})

describe('the Content-Security-Policy in Chromium', () => {
  it('runs the app’s own script files and nothing else', async () => {
    const page = await browser.newPage()
    const violations: string[] = []
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text())
    })
    await page.goto(`${appUrl}/`)
    await page.waitForFunction(
      () => (globalThis as unknown as { results?: { done?: boolean } }).results?.done === true,
    )
    const results = await page.evaluate(
      () => (globalThis as unknown as { results: Record<string, unknown> }).results,
    )
    expect(results).toEqual({
      ownScript: 'ran',
      eval: 'EvalError',
      newFunction: 'EvalError',
      done: true,
    })
    // Chromium reports each refusal: inline scripts, the handler, the link, the foreign script, eval.
    await expect.poll(() => violations.length).toBeGreaterThanOrEqual(5)
    await page.close()
  })
})
