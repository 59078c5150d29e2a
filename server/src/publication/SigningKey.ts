import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
} from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { base64url, keyFingerprint } from '@accord/protocol'

/** The file of the server's signing key, under the data directory. */
export const SIGNING_KEY_FILE = 'signing-key.pem'

/**
 * The server's Ed25519 key, which signs every publication. It is created on first start and
 * stored under the data directory with mode 0600 (only the server's user reads it); an existing
 * file with looser permissions is tightened. The private key never leaves this object; the public
 * key is served at /.well-known/accord-signing-key.
 */
export class SigningKey {
  private constructor(
    readonly path: string,
    readonly privateKey: KeyObject,
    /** The raw 32-byte public key, base64url. */
    readonly publicKey: string,
    readonly fingerprint: string,
  ) {}

  /** Loads the key from `dataDir`, creating it on first start. */
  static async open(dataDir: string): Promise<SigningKey> {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    const path = join(dataDir, SIGNING_KEY_FILE)
    let pem: string
    try {
      pem = readFileSync(path, 'utf8')
      chmodSync(path, 0o600)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      const { privateKey } = generateKeyPairSync('ed25519')
      pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string
      try {
        // 'wx': two servers starting on one data directory must not overwrite each other's key.
        writeFileSync(path, pem, { mode: 0o600, flag: 'wx' })
      } catch (raced) {
        if ((raced as NodeJS.ErrnoException).code !== 'EEXIST') throw raced
        pem = readFileSync(path, 'utf8')
      }
    }
    const privateKey = createPrivateKey(pem)
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
    if (jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string')
      throw new Error(`${path} does not hold an Ed25519 key`)
    const raw = new Uint8Array(Buffer.from(jwk.x, 'base64url'))
    return new SigningKey(path, privateKey, base64url(raw), await keyFingerprint(raw))
  }

  /** The Ed25519 signature of `data`, base64url. */
  sign(data: string): string {
    return base64url(new Uint8Array(sign(null, Buffer.from(data, 'utf8'), this.privateKey)))
  }
}
