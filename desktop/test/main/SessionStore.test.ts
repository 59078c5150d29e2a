import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SecretStoreState } from '../../src/main/canKeepSecrets.js'
import { type SecretCipher, SessionStore } from '../../src/main/SessionStore.js'

// safeStorage needs Electron, so the cipher here is a reversible stand-in with the same contract
// (bytes out, text back, failure on foreign bytes). What is under test is the store's decision
// and what it leaves on a real disk.
const MAGIC = Buffer.from('ENC1')

class XorCipher implements SecretCipher {
  constructor(public current: SecretStoreState) {}

  async state(): Promise<SecretStoreState> {
    return this.current
  }

  async encrypt(plainText: string): Promise<Uint8Array> {
    return Buffer.concat([MAGIC, Buffer.from(plainText, 'utf8').map((byte) => byte ^ 0x5a)])
  }

  async decrypt(encrypted: Uint8Array): Promise<string> {
    const bytes = Buffer.from(encrypted)
    if (!bytes.subarray(0, 4).equals(MAGIC)) throw new Error('cannot decrypt')
    return Buffer.from(bytes.subarray(4).map((byte) => byte ^ 0x5a)).toString('utf8')
  }
}

const keyring: SecretStoreState = {
  encryptionAvailable: true,
  platform: 'linux',
  linuxBackend: 'gnome_libsecret',
}
const plainText: SecretStoreState = {
  encryptionAvailable: true,
  platform: 'linux',
  linuxBackend: 'basic_text',
}
const TOKEN = 'bS1zZXNzaW9uLXRva2VuLWZvci10aGUtdGVzdA'

let dir: string
let file: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-session-'))
  file = join(dir, 'session.bin')
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('SessionStore', () => {
  it('keeps the token encrypted, readable only by the user, and loads it back', async () => {
    const store = new SessionStore(file, new XorCipher(keyring))
    expect(await store.save(TOKEN)).toBe(true)
    const onDisk = await readFile(file)
    expect(onDisk.includes(Buffer.from(TOKEN))).toBe(false)
    if (process.platform !== 'win32') expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await store.load()).toBe(TOKEN)
  })

  it('never writes the token when only the plain-text backend is available', async () => {
    const store = new SessionStore(file, new XorCipher(plainText))
    expect(await store.save(TOKEN)).toBe(false)
    await expect(stat(file)).rejects.toThrow(/ENOENT/)
    expect(await store.load()).toBeNull()
  })

  it('never writes the token when encryption is unavailable', async () => {
    const store = new SessionStore(
      file,
      new XorCipher({ encryptionAvailable: false, platform: 'darwin', linuxBackend: null }),
    )
    expect(await store.save(TOKEN)).toBe(false)
    await expect(stat(file)).rejects.toThrow(/ENOENT/)
  })

  it('removes a token kept earlier once the backend falls back to plain text', async () => {
    const secrets = new XorCipher(keyring)
    const store = new SessionStore(file, secrets)
    expect(await store.save(TOKEN)).toBe(true)
    secrets.current = plainText
    expect(await store.load()).toBeNull()
    expect(await store.save('bmV3LXRva2Vu')).toBe(false)
    await expect(stat(file)).rejects.toThrow(/ENOENT/)
  })

  it('drops a file that no longer decrypts', async () => {
    await writeFile(file, 'not encrypted by this machine')
    const store = new SessionStore(file, new XorCipher(keyring))
    expect(await store.load()).toBeNull()
    await expect(stat(file)).rejects.toThrow(/ENOENT/)
  })

  it('clears the token, and clearing twice is fine', async () => {
    const store = new SessionStore(file, new XorCipher(keyring))
    await store.save(TOKEN)
    await store.clear()
    await store.clear()
    expect(await store.load()).toBeNull()
  })
})
