import { createPublicKey, verify } from 'node:crypto'
import { chmodSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fromBase64url } from '@accord/protocol'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDataDir } from '../../test/helpers.js'
import { SIGNING_KEY_FILE, SigningKey } from './SigningKey.js'

const dirs: { cleanup(): void }[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) dir.cleanup()
})

describe('SigningKey', () => {
  it('is created on first start with mode 0600, and the same key is loaded afterwards', async () => {
    const data = tempDataDir()
    dirs.push(data)
    const first = await SigningKey.open(data.dir)
    const path = join(data.dir, SIGNING_KEY_FILE)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    const again = await SigningKey.open(data.dir)
    expect(again.publicKey).toBe(first.publicKey)
    expect(first.fingerprint).toMatch(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/)
    // The file holds the private key, never the public key alone.
    expect(readFileSync(path, 'utf8')).toContain('BEGIN PRIVATE KEY')
  })

  it('tightens a key file that was left readable by others', async () => {
    const data = tempDataDir()
    dirs.push(data)
    await SigningKey.open(data.dir)
    const path = join(data.dir, SIGNING_KEY_FILE)
    chmodSync(path, 0o644)
    await SigningKey.open(data.dir)
    expect(statSync(path).mode & 0o777).toBe(0o600)
  })

  it('signs with Ed25519 under the public key it reports', async () => {
    const data = tempDataDir()
    dirs.push(data)
    const key = await SigningKey.open(data.dir)
    const signature = fromBase64url(key.sign('manifest'))!
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey },
      format: 'jwk',
    })
    expect(verify(null, Buffer.from('manifest'), publicKey, signature)).toBe(true)
    expect(verify(null, Buffer.from('manifesto'), publicKey, signature)).toBe(false)
  })
})
