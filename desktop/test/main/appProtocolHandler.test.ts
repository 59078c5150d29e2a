import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAppProtocolHandler } from '../../src/main/appProtocolHandler.js'
import { contentSecurityPolicy } from '../../src/main/contentSecurityPolicy.js'

// A real renderer folder on disk with a secret beside it, and symlinks that point out of it.
let base: string
let serve: (request: Request) => Promise<Response>
const SECRET = 'the-secret-outside-the-root'

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'accord-protocol-'))
  const root = join(base, 'renderer')
  await mkdir(join(root, 'assets'), { recursive: true })
  await writeFile(join(root, 'index.html'), '<!doctype html><title>Accord</title>')
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(root, 'assets', 'blob.bin'), 'bytes')
  await writeFile(join(base, 'secret.txt'), SECRET)
  await mkdir(join(base, 'outside'))
  await writeFile(join(base, 'outside', 'secret.txt'), SECRET)
  await symlink(join(base, 'secret.txt'), join(root, 'link-to-secret.txt'))
  await symlink(join(base, 'outside'), join(root, 'assets', 'linked-dir'))
  await symlink(join(root, 'assets', 'app.js'), join(root, 'inner-link.js'))
  serve = createAppProtocolHandler(root)
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

describe('the accord:// protocol handler', () => {
  it.each([
    ['accord://app/', 'text/html; charset=utf-8', '<!doctype html><title>Accord</title>'],
    ['accord://app/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Accord</title>'],
    ['accord://app/assets/app.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['accord://app/assets/blob.bin', 'application/octet-stream', 'bytes'],
    // A symlink that stays inside the root is followed.
    ['accord://app/inner-link.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
  ])('serves %s', async (url, contentType, body) => {
    const response = await serve(new Request(url))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe(contentType)
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy())
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toBe(body)
  })

  it.each([
    // The URL parser folds these into accord://app/secret.txt before the handler sees them (as
    // Chromium does), which names a file inside the root that does not exist.
    ['accord://app/../secret.txt', 404],
    ['accord://app/%2e%2e/secret.txt', 404],
    // What the parser leaves alone, resolveAppPath refuses.
    ['accord://app/%2e%2e%2fsecret.txt', 400],
    ['accord://app/..%5csecret.txt', 400],
    ['accord://app/assets/..\\..\\secret.txt', 400],
    ['accord://app/%252e%252e/secret.txt', 400],
    ['accord://app/index.html%00', 400],
    ['accord://app//secret.txt', 400],
    [`accord://app/${encodeURIComponent(join('/', 'etc', 'passwd'))}`, 400],
    // Symlinks that lead out of the root: to a file, and through a folder.
    ['accord://app/link-to-secret.txt', 404],
    ['accord://app/assets/linked-dir/secret.txt', 404],
    // A folder is not a file; a missing file is missing.
    ['accord://app/assets', 404],
    ['accord://app/missing.js', 404],
    ['accord://other/index.html', 403],
    ['https://app/index.html', 403],
  ])('refuses %s with %i', async (url, status) => {
    const response = await serve(new Request(url))
    expect(response.status).toBe(status)
    expect(response.headers.get('content-security-policy')).toBe(contentSecurityPolicy())
    expect(await response.text()).not.toContain(SECRET)
  })

  it('answers HEAD without a body and refuses methods that write', async () => {
    const head = await serve(new Request('accord://app/index.html', { method: 'HEAD' }))
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
    const post = await serve(new Request('accord://app/index.html', { method: 'POST', body: 'x' }))
    expect(post.status).toBe(405)
  })
})
