import { verifyBundle } from '@accord/protocol'
import pino from 'pino'
import { afterEach, expect, it } from 'vitest'
import { startPolicyServer, tempDataDir } from '../../test/helpers.js'
import type { RunningServer } from '../server.js'
import { seedDemoIfEmpty } from './seedDemo.js'
import { EARLIER_MEETING, seedPublishedDeclaration } from './seedPublishedDeclaration.js'

let server: RunningServer | null = null
let data: ReturnType<typeof tempDataDir> | null = null

afterEach(async () => {
  await server?.close()
  data?.cleanup()
})

it('seeds an adopted, published declaration of an earlier meeting that the portal serves and that verifies', async () => {
  data = tempDataDir()
  server = await startPolicyServer(data.dir)
  const seed = await seedDemoIfEmpty(server.services, data.dir, pino({ level: 'silent' }))
  if (!seed) throw new Error('the demo was not seeded')
  const published = await seedPublishedDeclaration(server.services)
  const home = await (await fetch(`${server.url}/`)).text()
  expect(home).toContain(EARLIER_MEETING.name)
  expect(home).toContain(`href="/texts/${published.id}"`)
  const page = await (await fetch(`${server.url}/texts/${published.id}`)).text()
  expect(page).toContain('<span class="num">6.</span>We welcome the contributions')
  expect(page).toContain('(OP3bis)')
  const bundle = await (await fetch(`${server.url}/texts/${published.id}/bundle.json`)).text()
  const result = await verifyBundle(bundle, {
    trustedKey: server.services.outcomes.key.fingerprint,
  })
  expect(result).toMatchObject({ ok: true })
  if (result.ok) expect(result.manifest.history.length).toBe(9)
  // The history that was chained verifies on the server too.
  expect(await server.services.outcomes.history.verify(published.declarationId)).toMatchObject({
    ok: true,
  })
  // The demo's own declaration under negotiation stays unpublished.
  expect(home).not.toContain('Ministerial Declaration on a Trusted and Inclusive Digital Economy')
})
