import { type HistoryLink, type VerifyFailure, verifyHistory } from './agreedHistory.js'
import { canonicalJson, sha256Hex } from './canonicalJson.js'

/** The files a publication renders, by name. */
export const PUBLICATION_FILES = ['text.html', 'text.txt', 'text.json'] as const
export type PublicationFile = (typeof PUBLICATION_FILES)[number]

/** What a publication is: an adopted declaration, or a chair's summary when consensus failed. */
export type PublicationKind = 'declaration' | 'chair_summary'

/** How the text was adopted (or why it is a chair's summary), as recorded at the time. */
export interface AdoptionRecord {
  /** silence: no deciding delegation broke silence by the deadline; decision: the secretariat decided, consensus recorded; summary: a chair's summary. */
  readonly mode: 'silence' | 'decision' | 'summary'
  /** The sentence the portal shows ("Adopted by consensus after the silence procedure ended on …"). */
  readonly statement: string
  /** The end of the silence procedure, for mode silence. */
  readonly silenceEndedAt: number | null
}

/** The signed part of a bundle. */
export interface PublicationManifest {
  readonly format: 'accord-publication/1'
  readonly publicationId: string
  readonly kind: PublicationKind
  readonly conference: { readonly id: string; readonly name: string; readonly venue: string }
  readonly declaration: { readonly id: string; readonly title: string }
  /** Milliseconds since the epoch. */
  readonly publishedAt: number
  readonly adoption: AdoptionRecord
  /** SHA-256 (hex) and length in bytes (UTF-8) of each rendered file. */
  readonly files: Readonly<
    Record<PublicationFile, { readonly sha256: string; readonly bytes: number }>
  >
  /** The agreed-text history's head and length when the text was published. */
  readonly history: { readonly head: string | null; readonly length: number }
  /** The SHA-256 of the previous publication's manifest on this server; null for the first. */
  readonly previousPublication: string | null
  /** The signing key: Ed25519, raw 32 bytes in base64url, and its fingerprint. */
  readonly key: {
    readonly algorithm: 'Ed25519'
    readonly publicKey: string
    readonly fingerprint: string
  }
}

/** A published text with everything needed to check it offline. */
export interface PublicationBundle {
  readonly format: 'accord-bundle/1'
  readonly manifest: PublicationManifest
  /** Ed25519 over the UTF-8 bytes of the manifest's canonical JSON, base64url. */
  readonly signature: string
  readonly files: Readonly<Record<PublicationFile, string>>
  /** The agreed-text history's links (payloads are not published), in order. */
  readonly history: readonly HistoryLink[]
}

/** The result of a successful verification. */
export interface VerifiedBundle {
  readonly ok: true
  readonly manifest: PublicationManifest
  readonly manifestHash: string
  readonly fingerprint: string
}

/** base64url of bytes (no padding). */
export function base64url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '')
}

/** Bytes of base64url text; null when it is not base64url. */
export function fromBase64url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  // A re-encoding that differs means stray bits in the last character: not the same signature.
  return base64url(bytes) === text ? bytes : null
}

/** The fingerprint of an Ed25519 public key: SHA-256 of its 32 raw bytes, hex, in groups of four. */
export async function keyFingerprint(rawPublicKey: Uint8Array): Promise<string> {
  const hex = await sha256Hex(rawPublicKey)
  return hex.match(/.{4}/g)!.join(' ')
}

/** The hash that identifies a publication, and that the next one cites. */
export function manifestHash(manifest: PublicationManifest): Promise<string> {
  return sha256Hex(canonicalJson(manifest))
}

function fail(code: VerifyFailure['code'], message: string, at?: string): VerifyFailure {
  return at === undefined ? { ok: false, code, message } : { ok: false, code, message, at }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

const normalFingerprint = (text: string) => text.replaceAll(/[\s:]/g, '').toLowerCase()

/**
 * Verifies a bundle with no server: the manifest's signature (against `trustedKey`, a
 * fingerprint or base64url public key, when given), each file against its hash, and the history
 * chain against the head the manifest cites. Accepts the bundle's JSON text or its parsed value.
 * The first failure is returned, with a stable code.
 */
export async function verifyBundle(
  input: string | unknown,
  options: { trustedKey?: string } = {},
): Promise<VerifiedBundle | VerifyFailure> {
  let bundle: unknown = input
  if (typeof input === 'string') {
    try {
      bundle = JSON.parse(input)
    } catch {
      return fail('bundle_malformed', 'the bundle is not valid JSON')
    }
  }
  if (!isObject(bundle) || bundle.format !== 'accord-bundle/1')
    return fail('bundle_malformed', 'not an Accord bundle (format accord-bundle/1)')
  const { manifest, signature, files, history } = bundle
  if (!isObject(manifest) || manifest.format !== 'accord-publication/1')
    return fail('bundle_malformed', 'the manifest is missing or of an unknown format')
  if (typeof signature !== 'string') return fail('bundle_malformed', 'the signature is missing')
  if (!isObject(files)) return fail('bundle_malformed', 'the files are missing')
  if (!Array.isArray(history)) return fail('bundle_malformed', 'the history is missing')
  const key = manifest.key
  if (!isObject(key) || key.algorithm !== 'Ed25519' || typeof key.publicKey !== 'string')
    return fail('bundle_malformed', 'the manifest does not name an Ed25519 key')
  const raw = fromBase64url(key.publicKey)
  if (raw?.length !== 32) return fail('bundle_malformed', 'the public key is not 32 bytes')
  const fingerprint = await keyFingerprint(raw)
  if (key.fingerprint !== fingerprint)
    return fail('key_mismatch', "the manifest's key fingerprint does not match its key")
  if (
    options.trustedKey !== undefined &&
    normalFingerprint(options.trustedKey) !== normalFingerprint(fingerprint) &&
    options.trustedKey !== key.publicKey
  ) {
    return fail(
      'key_mismatch',
      `signed with the key ${fingerprint}, which is not the key you trust`,
    )
  }
  const signatureBytes = fromBase64url(signature)
  if (signatureBytes?.length !== 64)
    return fail('signature_invalid', 'the signature is not a 64-byte Ed25519 signature')
  const subtle = globalThis.crypto.subtle
  const publicKey = await subtle.importKey('raw', new Uint8Array(raw), { name: 'Ed25519' }, false, [
    'verify',
  ])
  const signed = new TextEncoder().encode(canonicalJson(manifest))
  const valid = await subtle.verify(
    { name: 'Ed25519' },
    publicKey,
    new Uint8Array(signatureBytes),
    signed,
  )
  if (!valid) return fail('signature_invalid', 'the signature does not match the manifest and key')
  // From here on the manifest is authentic: everything else is checked against it.
  const m = manifest as unknown as PublicationManifest
  if (!isObject(m.files)) return fail('bundle_malformed', 'the manifest lists no files')
  for (const name of Object.keys(files)) {
    if (!Object.hasOwn(m.files, name))
      return fail('content_hash', `the file ${name} is not in the manifest`, name)
  }
  for (const [name, expected] of Object.entries(m.files)) {
    const text = files[name]
    if (typeof text !== 'string')
      return fail('content_missing', `the file ${name} is missing`, name)
    if ((await sha256Hex(text)) !== expected.sha256)
      return fail('content_hash', `the file ${name} differs from the one signed`, name)
  }
  const chain = await verifyHistory(history, m.declaration.id)
  if (!chain.ok) return chain
  if (chain.head !== m.history.head || chain.length !== m.history.length) {
    return fail(
      'history_head',
      'the history does not end at the head the manifest cites (entries added or removed)',
    )
  }
  return { ok: true, manifest: m, manifestHash: await manifestHash(m), fingerprint }
}
