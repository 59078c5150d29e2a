import type { webcrypto } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  type HistoryEntry,
  type HistoryPayload,
  linkHash,
  linkOf,
  payloadDigest,
  verifyHistory,
} from './agreedHistory.js'
import { canonicalJson, sha256Hex } from './canonicalJson.js'
import {
  base64url,
  keyFingerprint,
  type PublicationBundle,
  type PublicationManifest,
  verifyBundle,
} from './publicationBundle.js'

// The verifier that the server, the client and the offline tool share: a history chain and a
// signed bundle are built here with WebCrypto (as any independent signer could), then tampered
// with in every way the issue names. Each tampering fails with its own code.

function payload(text: string): HistoryPayload {
  return {
    label: 'OP1',
    kind: 'operative',
    text,
    proposals: [],
    pendingDelegation: null,
    actor: { userId: 'u1', name: 'Sakura Chair' },
  }
}

async function chain(texts: string[]): Promise<HistoryEntry[]> {
  const entries: HistoryEntry[] = []
  for (const [i, text] of texts.entries()) {
    const p = payload(text)
    const link = {
      seq: i + 1,
      declarationId: 'd1',
      paragraphId: `p${i % 2}`,
      status: i === texts.length - 1 ? 'agreed' : 'open',
      at: 1_700_000_000_000 + i,
      prev: entries.at(-1)?.hash ?? null,
      payloadDigest: await payloadDigest(p),
    }
    entries.push({ ...link, hash: await linkHash(link), payload: p })
  }
  return entries
}

async function signedBundle(): Promise<{ bundle: PublicationBundle; fingerprint: string }> {
  const subtle = globalThis.crypto.subtle
  const keys = (await subtle.generateKey({ name: 'Ed25519' }, true, [
    'sign',
    'verify',
  ])) as webcrypto.CryptoKeyPair
  const raw = new Uint8Array(await subtle.exportKey('raw', keys.publicKey))
  const fingerprint = await keyFingerprint(raw)
  const history = (await chain(['We [commit] to act.', 'We commit to act.'])).map(linkOf)
  const files = {
    'text.html': '<!doctype html><p>1. We commit to act.</p>',
    'text.txt': '1. We commit to act.\n',
    'text.json': canonicalJson({ paragraphs: [{ number: 1, text: 'We commit to act.' }] }),
  }
  const manifest: PublicationManifest = {
    format: 'accord-publication/1',
    publicationId: 'pub1',
    kind: 'declaration',
    conference: { id: 'c1', name: 'G20', venue: 'Osaka' },
    declaration: { id: 'd1', title: 'Osaka Declaration' },
    publishedAt: 1_700_000_000_100,
    adoption: { mode: 'decision', statement: 'Adopted by consensus.', silenceEndedAt: null },
    files: {
      'text.html': { sha256: await sha256Hex(files['text.html']), bytes: 43 },
      'text.txt': { sha256: await sha256Hex(files['text.txt']), bytes: 21 },
      'text.json': { sha256: await sha256Hex(files['text.json']), bytes: 0 },
    },
    history: { head: history.at(-1)!.hash, length: history.length },
    previousPublication: null,
    key: { algorithm: 'Ed25519', publicKey: base64url(raw), fingerprint },
  }
  const signature = new Uint8Array(
    await subtle.sign(
      { name: 'Ed25519' },
      keys.privateKey,
      new TextEncoder().encode(canonicalJson(manifest)),
    ),
  )
  return {
    bundle: {
      format: 'accord-bundle/1',
      manifest,
      signature: base64url(signature),
      files,
      history,
    },
    fingerprint,
  }
}

/** The bundle's JSON text with the character at `index` replaced by another. */
function flip(text: string, index: number): string {
  const c = text[index]!
  const replacement = c === 'a' ? 'b' : c === 'A' ? 'B' : c === '0' ? '1' : 'a'
  return text.slice(0, index) + replacement + text.slice(index + 1)
}

describe('the canonical form', () => {
  it('is RFC 8785: sorted keys, no spaces, ECMAScript numbers', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.1, 'é'], c: { z: null, y: true } })).toBe(
      '{"a":[1e+21,0.1,"é"],"b":1,"c":{"y":true,"z":null}}',
    )
  })
})

describe('verifyHistory', () => {
  it('accepts an intact chain and returns its head', async () => {
    const entries = await chain(['a', 'b', 'c'])
    expect(await verifyHistory(entries)).toEqual({ ok: true, head: entries[2]!.hash, length: 3 })
    expect(await verifyHistory([])).toEqual({ ok: true, head: null, length: 0 })
  })

  it('fails on a changed text (history_payload), status (history_hash), order, or a missing entry', async () => {
    const entries = await chain(['a', 'b', 'c'])
    const changedText = entries.map((e, i) =>
      i === 1 ? { ...e, payload: { ...e.payload, text: 'B' } } : e,
    )
    expect(await verifyHistory(changedText)).toMatchObject({
      ok: false,
      code: 'history_payload',
      at: 1,
    })
    const changedStatus = entries.map((e, i) => (i === 1 ? { ...e, status: 'agreed' } : e))
    expect(await verifyHistory(changedStatus)).toMatchObject({
      ok: false,
      code: 'history_hash',
      at: 1,
    })
    const reordered = [entries[0]!, entries[2]!, entries[1]!]
    expect(await verifyHistory(reordered)).toMatchObject({
      ok: false,
      code: 'history_order',
      at: 1,
    })
    // Renumbered to hide the reordering: the links no longer match.
    const renumbered = reordered.map((e, i) => ({ ...e, seq: i + 1 }))
    expect(await verifyHistory(renumbered)).toMatchObject({
      ok: false,
      code: 'history_link',
      at: 1,
    })
    const withoutFirst = entries.slice(1).map((e, i) => ({ ...e, seq: i + 1 }))
    expect(await verifyHistory(withoutFirst)).toMatchObject({
      ok: false,
      code: 'history_link',
      at: 0,
    })
    expect(await verifyHistory([{ seq: 1 }])).toMatchObject({
      ok: false,
      code: 'history_malformed',
    })
  })
})

describe('verifyBundle', () => {
  it('accepts an intact bundle, as text or value, and with the trusted fingerprint', async () => {
    const { bundle, fingerprint } = await signedBundle()
    expect(await verifyBundle(JSON.stringify(bundle))).toMatchObject({ ok: true, fingerprint })
    expect(await verifyBundle(bundle, { trustedKey: fingerprint.toUpperCase() })).toMatchObject({
      ok: true,
    })
  })

  it('fails on a key other than the trusted one', async () => {
    const { bundle } = await signedBundle()
    const other = await signedBundle()
    expect(await verifyBundle(bundle, { trustedKey: other.fingerprint })).toMatchObject({
      code: 'key_mismatch',
    })
  })

  it('fails with content_hash when any character of any file is flipped', async () => {
    const { bundle } = await signedBundle()
    for (const name of ['text.html', 'text.txt', 'text.json'] as const) {
      for (let i = 0; i < bundle.files[name].length; i++) {
        const files = { ...bundle.files, [name]: flip(bundle.files[name], i) }
        const result = await verifyBundle({ ...bundle, files })
        expect(result, `${name} at ${i}`).toMatchObject({
          ok: false,
          code: 'content_hash',
          at: name,
        })
      }
    }
  })

  it('fails with signature_invalid when any character of the manifest or signature is flipped', async () => {
    const { bundle } = await signedBundle()
    const text = JSON.stringify(bundle.manifest)
    for (let i = 0; i < text.length; i++) {
      let manifest: unknown
      try {
        manifest = JSON.parse(flip(text, i))
      } catch {
        continue // a flipped quote or brace is no longer JSON: bundle_malformed, tested below
      }
      const result = await verifyBundle({ ...bundle, manifest })
      expect(result.ok, `manifest at ${i}`).toBe(false)
      if (!result.ok)
        expect(['signature_invalid', 'key_mismatch', 'bundle_malformed']).toContain(result.code)
    }
    for (let i = 0; i < bundle.signature.length; i++) {
      const result = await verifyBundle({ ...bundle, signature: flip(bundle.signature, i) })
      expect(result, `signature at ${i}`).toMatchObject({ ok: false, code: 'signature_invalid' })
    }
    expect(await verifyBundle(`${JSON.stringify(bundle).slice(0, -1)}`)).toMatchObject({
      code: 'bundle_malformed',
    })
  })

  it('fails on a reordered, shortened or changed history', async () => {
    const { bundle } = await signedBundle()
    const [a, b] = bundle.history
    expect(await verifyBundle({ ...bundle, history: [b, a] })).toMatchObject({
      code: 'history_order',
    })
    expect(await verifyBundle({ ...bundle, history: [a] })).toMatchObject({ code: 'history_head' })
    expect(
      await verifyBundle({ ...bundle, history: [a, { ...b!, status: 'open' }] }),
    ).toMatchObject({ code: 'history_hash' })
  })
})
