import { PARAGRAPH_STATUSES } from '@accord/protocol'
import type { Delegation, ParagraphStatus } from '../../api/types'
import type { MirrorSnapshot } from '../../connection/MirrorSnapshot'
import type { DraftParagraph } from '../matrix/readParagraphs'

/** A delegation and how many paragraphs it appears on, for a ranking. */
export interface DelegationCount {
  readonly code: string
  readonly name: string
  readonly decides: boolean
  readonly count: number
}

/** The consensus dashboard's figures, from the shared mirror and the draft's paragraphs. */
export interface Dashboard {
  readonly byStatus: Readonly<Record<ParagraphStatus, number>>
  readonly total: number
  /** Delegations by the paragraphs they object to, most first (none with zero). */
  readonly mostObjections: readonly DelegationCount[]
  /** Deciding delegations by the paragraphs, not yet agreed, they have not answered. */
  readonly mostAwaited: readonly DelegationCount[]
}

const collator = new Intl.Collator('en', { numeric: true })

function ranking(counts: Map<string, number>, delegations: readonly Delegation[], limit: number) {
  return delegations
    .map((d) => ({
      code: d.code,
      name: d.name,
      decides: d.decides,
      count: counts.get(d.code) ?? 0,
    }))
    .filter((d) => d.count > 0)
    .sort((a, b) => b.count - a.count || collator.compare(a.code, b.code))
    .slice(0, limit)
}

/**
 * Counts only the paragraphs the draft holds now (a paragraph taken out keeps its mirror
 * entries). A paragraph with no status yet is open. "Awaited" is the same set the matrix's
 * "waiting for positions" filter shows: not agreed, and no position from that deciding
 * delegation.
 */
export function buildDashboard(
  paragraphs: readonly DraftParagraph[],
  delegations: readonly Delegation[],
  mirror: MirrorSnapshot,
  limit = 10,
): Dashboard {
  const byStatus = Object.fromEntries(PARAGRAPH_STATUSES.map((s) => [s, 0])) as Record<
    ParagraphStatus,
    number
  >
  const objections = new Map<string, number>()
  const awaited = new Map<string, number>()
  const deciding = delegations.filter((d) => d.decides)
  for (const paragraph of paragraphs) {
    const status = mirror.statuses.get(paragraph.pid)?.status ?? 'open'
    byStatus[status] += 1
    const positions = mirror.positions.get(paragraph.pid)
    for (const entry of positions?.values() ?? []) {
      if (entry.value === 'objection') {
        objections.set(entry.delegation, (objections.get(entry.delegation) ?? 0) + 1)
      }
    }
    if (status === 'agreed') continue
    for (const d of deciding) {
      if (!positions?.has(d.code)) awaited.set(d.code, (awaited.get(d.code) ?? 0) + 1)
    }
  }
  return {
    byStatus,
    total: paragraphs.length,
    mostObjections: ranking(objections, delegations, limit),
    mostAwaited: ranking(awaited, deciding, limit),
  }
}
