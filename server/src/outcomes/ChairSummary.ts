import type { Kysely } from 'kysely'
import type { AuditLog } from '../audit/AuditLog.js'
import type { Database } from '../db/schema.js'
import type { Conferences, Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import { numberParagraphs } from '../publication/numberParagraphs.js'
import type { PublicationSummary, Publications } from '../publication/Publications.js'
import type { Disagreement } from '../publication/renderText.js'
import { printedDate } from '../publication/renderText.js'
import type { Relay } from '../sync/Relay.js'
import type { RevisionParagraph } from './compareRevisions.js'
import { currentText } from './currentText.js'
import type { KeyedQueue } from './KeyedQueue.js'
import { announcePublication } from './mirror.js'
import type { SilenceProcedure } from './SilenceProcedure.js'

const POSITION_WORDS: Record<string, string> = {
  objection: 'objects',
  reservation: 'has a reservation',
  amendment: 'proposes an amendment',
  flexible: 'is flexible',
  support: 'supports the paragraph',
}

/**
 * When consensus fails, the chair's summary: the agreed paragraphs, numbered, and the points of
 * disagreement, each attributed to the delegations that hold it, taken from the statuses, the
 * open proposals (brackets) and the current positions. It is published, signed, like a
 * declaration, and marked as a chair's summary. The declaration's stage does not change: the
 * summary records where the negotiation stood, it does not adopt anything.
 */
export class ChairSummary {
  constructor(
    readonly db: Kysely<Database>,
    readonly relay: Relay,
    readonly conferences: Conferences,
    readonly publications: Publications,
    readonly silence: SilenceProcedure,
    readonly audit: AuditLog,
    readonly queue: KeyedQueue,
  ) {}

  /** The points of disagreement of the text as it stands. */
  async disagreements(d: Declaration, text: RevisionParagraph[]): Promise<Disagreement[]> {
    const rows = await this.db
      .selectFrom('position')
      .innerJoin('delegation', 'delegation.id', 'position.delegation_id')
      .select([
        'position.id',
        'position.paragraph_id',
        'position.value',
        'position.amendment',
        'position.note',
        'delegation.code',
        'delegation.decides',
      ])
      .where('position.declaration_id', '=', d.id)
      .orderBy('position.id')
      .execute()
    const current = new Map<string, (typeof rows)[number]>()
    for (const row of rows) current.set(`${row.paragraph_id}/${row.code}`, row)
    const result: Disagreement[] = []
    for (const p of text) {
      if (p.status === 'agreed' && p.proposals.length === 0) continue
      const views: string[] = []
      if (p.status === 'pending' && p.pendingDelegation)
        views.push(`Agreed pending ${p.pendingDelegation}`)
      if (p.status === 'ad_ref')
        views.push('Agreed ad referendum, pending confirmation by capitals')
      for (const proposal of p.proposals) {
        const alt = proposal.alternative ? ` (Alt ${proposal.alternative})` : ''
        views.push(
          proposal.action === 'delete'
            ? `${proposal.delegation} proposes to delete${alt}: “${proposal.text.trim()}”`
            : `${proposal.delegation} proposes to insert${alt}: “${proposal.text.trim()}”`,
        )
      }
      for (const row of [...current.values()].filter((r) => r.paragraph_id === p.id)) {
        if (row.value === 'support' || row.value === 'flexible') continue
        const who = row.decides ? row.code : `${row.code} (advisory)`
        const amendment = row.value === 'amendment' && row.amendment ? `: “${row.amendment}”` : ''
        const note = row.note ? ` (${row.note})` : ''
        views.push(`${who} ${POSITION_WORDS[row.value] ?? row.value}${amendment}${note}`)
      }
      if (views.length === 0) views.push('Not agreed')
      result.push({ workingLabel: p.label || p.kind, text: p.bracketed, views })
    }
    return result
  }

  /** Issues and publishes the chair's summary. */
  issue(d: Declaration, actorUserId: string): Promise<PublicationSummary> {
    return this.queue.run(d.id, async () => {
      const fresh = await this.conferences.declaration(d.conferenceId, d.id)
      if (!fresh) throw new ApiError('not_found', 'no such declaration')
      if (fresh.stage !== 'negotiating' && fresh.stage !== 'silence') {
        throw new ApiError(
          'conflict',
          `a chair's summary is issued from negotiating or silence, not ${fresh.stage}`,
        )
      }
      const text = await currentText(this.db, this.relay, fresh)
      const agreed = text.filter((p) => p.status === 'agreed' && p.proposals.length === 0)
      const disagreements = await this.disagreements(fresh, text)
      const now = Date.now()
      const published = await this.publications.publish(fresh, {
        kind: 'chair_summary',
        adoption: {
          mode: 'summary',
          statement: `Chair's summary issued on ${printedDate(now)} under the chair's own responsibility: consensus was not reached on ${disagreements.length} of ${text.length} paragraphs. It is not an agreed text.`,
          silenceEndedAt: null,
        },
        paragraphs: numberParagraphs(agreed),
        disagreements,
        at: now,
      })
      await this.audit.record({
        actorUserId,
        action: 'declaration.chairSummary',
        outcome: 'ok',
        conferenceId: d.conferenceId,
        target: d.id,
        detail: { publicationId: published.id, disagreements: disagreements.length },
      })
      await announcePublication(this.relay, fresh, published)
      return published
    })
  }
}
