import { canonicalJson, sha256Hex } from './canonicalJson.js'

/**
 * What an agreed-text history entry records about a paragraph when its status changed: its text
 * at that moment, brackets included, and who changed it. This part is private to the
 * negotiation: published bundles carry only its digest.
 */
export interface HistoryPayload {
  readonly label: string
  readonly kind: string
  /** The paragraph's text, proposals (brackets) included. */
  readonly text: string
  readonly proposals: {
    readonly id: string
    readonly delegation: string
    readonly action: string
    readonly alternative: number | null
    readonly text: string
  }[]
  /** The delegation code of "agreed pending X"; null otherwise. */
  readonly pendingDelegation: string | null
  readonly actor: { readonly userId: string; readonly name: string }
}

/**
 * The chained part of an entry. `hash` is the SHA-256 of the canonical JSON of every other
 * field, so it covers `prev` (the previous entry's hash) and `payloadDigest` (the payload's):
 * changing, removing, inserting or reordering any entry breaks the chain from there on.
 */
export interface HistoryLink {
  /** 1, 2, 3, … within one declaration. */
  readonly seq: number
  readonly declarationId: string
  readonly paragraphId: string
  /** open | ad_ref | pending | agreed */
  readonly status: string
  /** Milliseconds since the epoch. */
  readonly at: number
  /** The previous entry's hash; null for the first. */
  readonly prev: string | null
  /** SHA-256 of the payload's canonical JSON. */
  readonly payloadDigest: string
  readonly hash: string
}

/** A full entry, as the server keeps it. */
export interface HistoryEntry extends HistoryLink {
  readonly payload: HistoryPayload
}

/** Why a verification failed: a stable machine id, and where. */
export interface VerifyFailure {
  readonly ok: false
  readonly code: VerifyErrorCode
  readonly message: string
  /** The position in the history (0-based) or the file name concerned, when there is one. */
  readonly at?: number | string
}

/** Stable ids of verification failures; tools and tests branch on these. */
export const VERIFY_ERROR_CODES = [
  'bundle_malformed',
  'history_malformed',
  'history_order',
  'history_link',
  'history_hash',
  'history_payload',
  'history_head',
  'content_missing',
  'content_hash',
  'key_mismatch',
  'signature_invalid',
] as const
export type VerifyErrorCode = (typeof VERIFY_ERROR_CODES)[number]

/** The SHA-256 of a payload's canonical JSON. */
export function payloadDigest(payload: HistoryPayload): Promise<string> {
  return sha256Hex(canonicalJson(payload))
}

/** The hash of an entry: over the canonical JSON of its link fields, `hash` left out. */
export function linkHash(link: Omit<HistoryLink, 'hash'>): Promise<string> {
  const { seq, declarationId, paragraphId, status, at, prev, payloadDigest } = link
  return sha256Hex(
    canonicalJson({ seq, declarationId, paragraphId, status, at, prev, payloadDigest }),
  )
}

function fail(code: VerifyErrorCode, message: string, at?: number | string): VerifyFailure {
  return at === undefined ? { ok: false, code, message } : { ok: false, code, message, at }
}

const HEX64 = /^[0-9a-f]{64}$/

function isLink(value: unknown): value is HistoryLink {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    Number.isSafeInteger(v.seq) &&
    typeof v.declarationId === 'string' &&
    typeof v.paragraphId === 'string' &&
    typeof v.status === 'string' &&
    Number.isSafeInteger(v.at) &&
    (v.prev === null || (typeof v.prev === 'string' && HEX64.test(v.prev))) &&
    typeof v.payloadDigest === 'string' &&
    HEX64.test(v.payloadDigest) &&
    typeof v.hash === 'string' &&
    HEX64.test(v.hash)
  )
}

/**
 * Verifies a history chain: entries numbered 1…n in order, each linked to the one before, each
 * hash recomputed, and each payload (where the entry carries one) matching its digest. Resolves
 * with the head (the last hash; null for an empty history), or the first failure.
 */
export async function verifyHistory(
  entries: readonly unknown[],
  declarationId?: string,
): Promise<{ ok: true; head: string | null; length: number } | VerifyFailure> {
  let prev: string | null = null
  for (const [index, entry] of entries.entries()) {
    if (!isLink(entry)) return fail('history_malformed', `entry ${index + 1} is malformed`, index)
    if (entry.seq !== index + 1) {
      return fail(
        'history_order',
        `entry ${index + 1} has sequence number ${entry.seq}: the history is reordered or incomplete`,
        index,
      )
    }
    if (declarationId !== undefined && entry.declarationId !== declarationId) {
      return fail('history_malformed', `entry ${entry.seq} belongs to another declaration`, index)
    }
    if (entry.prev !== prev) {
      return fail(
        'history_link',
        `entry ${entry.seq} does not cite the hash of the entry before it`,
        index,
      )
    }
    if ((await linkHash(entry)) !== entry.hash) {
      return fail('history_hash', `entry ${entry.seq} was changed after it was chained`, index)
    }
    const payload = (entry as Partial<HistoryEntry>).payload
    if (payload !== undefined && (await payloadDigest(payload)) !== entry.payloadDigest) {
      return fail(
        'history_payload',
        `the text or attribution recorded by entry ${entry.seq} was changed`,
        index,
      )
    }
    prev = entry.hash
  }
  return { ok: true, head: prev, length: entries.length }
}

/** The link of an entry (what a published bundle carries): the payload left out. */
export function linkOf(entry: HistoryEntry): HistoryLink {
  const { payload: _payload, ...link } = entry
  return link
}
