import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import { webClientRoute } from './route.js'

const base = mkdtempSync(join(tmpdir(), 'accord-web-'))
const build = join(base, 'web')
mkdirSync(join(build, 'assets'), { recursive: true })
writeFileSync(join(build, 'index.html'), '<!doctype html><title>Accord</title>')
writeFileSync(join(build, 'assets', 'index-abc123.js'), 'console.log(1)')
writeFileSync(join(build, 'favicon.svg'), '<svg/>')
// A secret next to the build: no spelling of a path under /app may reach it.
writeFileSync(join(base, 'secret.txt'), 'do not serve')

function appFor(dir: string) {
  return new Hono().route('/app', webClientRoute({ dir }))
}

afterAll(() => rmSync(base, { recursive: true, force: true }))

describe('the web client at /app', () => {
  const app = appFor(build)

  it('serves index.html with a strict CSP and no caching', async () => {
    const response = await app.request('/app/')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await response.text()).toContain('<title>Accord</title>')
    const csp = response.headers.get('content-security-policy')!
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/)
    expect(csp).toContain("frame-ancestors 'none'")
    expect(response.headers.get('cache-control')).toBe('no-cache')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
  })

  it('redirects /app to /app/', async () => {
    const response = await app.request('/app')
    expect(response.status).toBe(301)
    expect(response.headers.get('location')).toBe('/app/')
  })

  it('caches hashed assets for a year and other files not at all', async () => {
    const asset = await app.request('/app/assets/index-abc123.js')
    expect(asset.status).toBe(200)
    expect(asset.headers.get('content-type')).toMatch(/^text\/javascript/)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const icon = await app.request('/app/favicon.svg')
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    expect(icon.headers.get('cache-control')).toBe('no-cache')
  })

  it("answers the client's own routes with index.html, and missing files with 404", async () => {
    const route = await app.request('/app/conference/abc')
    expect(route.status).toBe(200)
    expect(await route.text()).toContain('<title>Accord</title>')
    expect((await app.request('/app/assets/gone-123.js')).status).toBe(404)
    expect((await app.request('/app/missing.css')).status).toBe(404)
  })

  it.each([
    '/app/../secret.txt',
    '/app/%2e%2e/secret.txt',
    '/app/..%2fsecret.txt',
    '/app/%2E%2E%2Fsecret.txt',
    '/app/assets/..%2f..%2fsecret.txt',
    '/app/%252e%252e/secret.txt',
    '/app/..%5csecret.txt',
    '/app/%00/secret.txt',
    '/app/%ZZ',
  ])('never serves a file outside the build: %s', async (path) => {
    const response = await app.request(path)
    expect(await response.text()).not.toContain('do not serve')
  })

  it('says how to build the client when the build is missing', async () => {
    const response = await appFor(join(base, 'nothing-here')).request('/app/')
    expect(response.status).toBe(503)
    const text = await response.text()
    expect(text).toContain('has not been built')
    expect(text).toContain('pnpm run setup')
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'")
  })
})
