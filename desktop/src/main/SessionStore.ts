import { readFile, rm } from 'node:fs/promises'
import { canKeepSecrets, type SecretStoreState } from './canKeepSecrets.js'
import { writeFileAtomically } from './writeFileAtomically.js'

/** The part of Electron's `safeStorage` the store uses, so it can be built without Electron. */
export interface SecretCipher {
  state(): Promise<SecretStoreState>
  encrypt(plainText: string): Promise<Uint8Array>
  decrypt(encrypted: Uint8Array): Promise<string>
}

/**
 * The session token, kept encrypted in one file under the app's user-data folder. It is never
 * written in a form the OS does not protect: when `canKeepSecrets` says no, `save` answers false
 * and removes any earlier file rather than leave a stale token behind.
 */
export class SessionStore {
  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {}

  /** The kept token, or null (none kept, no safe store now, or a file that no longer decrypts). */
  async load(): Promise<string | null> {
    if (!canKeepSecrets(await this.cipher.state())) return null
    let encrypted: Buffer
    try {
      encrypted = await readFile(this.file)
    } catch {
      return null
    }
    try {
      return await this.cipher.decrypt(encrypted)
    } catch {
      // The OS key changed (new keyring, restored profile): the token is unreadable for good.
      await this.clear()
      return null
    }
  }

  /** Keeps the token if it can be kept safely; answers whether it was. */
  async save(token: string): Promise<boolean> {
    if (!canKeepSecrets(await this.cipher.state())) {
      await this.clear()
      return false
    }
    await writeFileAtomically(this.file, await this.cipher.encrypt(token))
    return true
  }

  async clear(): Promise<void> {
    await rm(this.file, { force: true })
  }
}
