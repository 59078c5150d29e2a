import { type PublicationBundle, type VerifyErrorCode, verifyBundle } from '@accord/protocol'

/** A final text's paragraph, as `text.json` holds it (server/src/publication/numberParagraphs.ts). */
export interface FinalParagraph {
  readonly id: string
  readonly kind: string
  readonly workingLabel: string
  readonly number: number | null
  readonly text: string
}

/** What `text.json` of a bundle holds (server/src/publication/renderText.tsx, FinalText). */
export interface FinalText {
  readonly kind: 'declaration' | 'chair_summary'
  readonly conference: { readonly name: string; readonly venue: string }
  readonly declaration: { readonly title: string }
  readonly publishedAt: number
  readonly adoption: { readonly statement: string }
  readonly paragraphs: readonly FinalParagraph[]
  readonly disagreements: readonly {
    readonly workingLabel: string
    readonly text: string
    readonly views: readonly string[]
  }[]
}

/** A published text as the client checked it. */
export type CheckedPublication =
  | {
      readonly verified: true
      readonly text: FinalText
      readonly fingerprint: string
      readonly manifestHash: string
    }
  | {
      readonly verified: false
      readonly code: VerifyErrorCode | 'unreadable'
      readonly message: string
      /** The text, when the bundle could be read at all: shown only as unverified. */
      readonly text: FinalText | null
    }

/**
 * Fetches a publication's signed bundle and its server's signing key from the portal, and checks
 * the bundle with the verifier `pnpm accord verify` runs (`verifyBundle`, WebCrypto): the
 * Ed25519 signature against that key, each file against the manifest's hash, and the history
 * chain against the head it cites. The text shown is the verified bundle's `text.json`, so what
 * the user reads is what was checked.
 */
export async function checkPublication(
  server: string,
  publicationId: string,
  fetcher: typeof fetch = fetch,
): Promise<CheckedPublication> {
  let bundleText: string
  let fingerprint: string
  try {
    const id = encodeURIComponent(publicationId)
    const [bundle, key] = await Promise.all([
      fetcher(`${server}/texts/${id}/bundle.json`, { credentials: 'omit' }),
      fetcher(`${server}/.well-known/accord-signing-key`, { credentials: 'omit' }),
    ])
    if (!bundle.ok || !key.ok) throw new Error(`HTTP ${bundle.status} / ${key.status}`)
    bundleText = await bundle.text()
    fingerprint = ((await key.json()) as { fingerprint: string }).fingerprint
  } catch (error) {
    return {
      verified: false,
      code: 'unreadable',
      message: error instanceof Error ? error.message : String(error),
      text: null,
    }
  }
  const result = await verifyBundle(bundleText, { trustedKey: fingerprint })
  if (result.ok) {
    return {
      verified: true,
      text: JSON.parse(readTextJson(bundleText)) as FinalText,
      fingerprint: result.fingerprint,
      manifestHash: result.manifestHash,
    }
  }
  let text: FinalText | null = null
  try {
    text = JSON.parse(readTextJson(bundleText)) as FinalText
  } catch {
    text = null
  }
  return { verified: false, code: result.code, message: result.message, text }
}

function readTextJson(bundleText: string): string {
  return (JSON.parse(bundleText) as PublicationBundle).files['text.json']
}
