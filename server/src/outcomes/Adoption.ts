import type { AdoptionRecord, ConsensusState } from '@accord/protocol'
import type { Kysely } from 'kysely'
import type { AuditLog } from '../audit/AuditLog.js'
import type { Database } from '../db/schema.js'
import type { Conferences, Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import { numberParagraphs } from '../publication/numberParagraphs.js'
import type { PublicationSummary, Publications } from '../publication/Publications.js'
import { printedDate } from '../publication/renderText.js'
import type { Relay } from '../sync/Relay.js'
import { currentText } from './currentText.js'
import { sharedDocument } from './draftDocuments.js'
import type { KeyedQueue } from './KeyedQueue.js'
import { announcePublication, revalidateDeclaration } from './mirror.js'

const STATUS_WORDS: Record<string, string> = {
  open: 'open',
  ad_ref: 'agreed ad ref',
  pending: 'agreed pending',
  agreed: 'agreed',
}

/** How an adoption comes about. */
export type AdoptionMode =
  | { readonly mode: 'silence'; readonly silenceEndedAt: number }
  | { readonly mode: 'decision' }

/**
 * Adoption is an act: it checks the text (no open brackets, every paragraph agreed), assigns the
 * final numbers, moves the declaration to `adopted`, and publishes the signed text. It happens at
 * the end of a silence procedure that nobody broke, or by the secretariat's decision, which
 * requires that no deciding delegation objects to any paragraph (consensus recorded).
 */
export class Adoption {
  constructor(
    readonly db: Kysely<Database>,
    readonly relay: Relay,
    readonly conferences: Conferences,
    readonly publications: Publications,
    readonly audit: AuditLog,
    /** Shared with the silence procedure: adoption and a break never interleave. */
    readonly queue: KeyedQueue,
  ) {}

  /** What stands in the way of adopting the text, each problem naming its paragraphs; empty when nothing does. */
  async obstacles(d: Declaration): Promise<string[]> {
    const text = await currentText(this.db, this.relay, d)
    const name = (p: { label: string; kind: string; id: string }) => p.label || `${p.kind} ${p.id}`
    const bracketed = text.filter((p) => p.proposals.length > 0)
    const unagreed = text.filter((p) => p.status !== 'agreed')
    const problems: string[] = []
    if (bracketed.length > 0) {
      problems.push(
        `open brackets in ${bracketed
          .map(
            (p) => `${name(p)} (${[...new Set(p.proposals.map((x) => x.delegation))].join(', ')})`,
          )
          .join('; ')}`,
      )
    }
    if (unagreed.length > 0) {
      problems.push(
        `not agreed: ${unagreed
          .map(
            (p) =>
              `${name(p)} (${STATUS_WORDS[p.status] ?? p.status}${p.pendingDelegation ? ` ${p.pendingDelegation}` : ''})`,
          )
          .join('; ')}`,
      )
    }
    return problems
  }

  /** Throws a conflict naming every obstacle, if there is any. */
  async assertAdoptable(d: Declaration): Promise<void> {
    const problems = await this.obstacles(d)
    if (problems.length > 0)
      throw new ApiError('conflict', `the text cannot be adopted: ${problems.join('; ')}`)
  }

  /** Deciding delegations that object to some paragraph, by label, from the live consensus mirror. */
  async objections(d: Declaration): Promise<string[]> {
    const consensus = await this.relay.read(
      sharedDocument(d),
      (doc) => doc.getMap('consensus').toJSON() as Record<string, ConsensusState>,
    )
    const labels = new Map((await currentText(this.db, this.relay, d)).map((p) => [p.id, p.label]))
    return Object.entries(consensus)
      .filter(([pid, state]) => labels.has(pid) && state.blockedBy.length > 0)
      .map(([pid, state]) => `${labels.get(pid)} (${state.blockedBy.join(', ')} object)`)
  }

  /**
   * Adopts and publishes. Must run inside `queue` for the declaration (the silence procedure
   * calls it there; `adopt` queues itself).
   */
  async adoptNow(
    d: Declaration,
    actorUserId: string | null,
    how: AdoptionMode,
  ): Promise<PublicationSummary> {
    const fresh = await this.conferences.declaration(d.conferenceId, d.id)
    if (!fresh) throw new ApiError('not_found', 'no such declaration')
    if (fresh.stage === 'adopted')
      throw new ApiError('conflict', 'the declaration is already adopted')
    if (how.mode === 'silence' && fresh.stage !== 'silence')
      throw new ApiError('conflict', 'the silence procedure is no longer running')
    if (how.mode === 'decision' && fresh.stage !== 'silence' && fresh.stage !== 'negotiating')
      throw new ApiError('conflict', `a declaration cannot be adopted from ${fresh.stage}`)
    await this.assertAdoptable(fresh)
    if (how.mode === 'decision') {
      const objections = await this.objections(fresh)
      if (objections.length > 0) {
        throw new ApiError('conflict', `there is no consensus to record: ${objections.join('; ')}`)
      }
    }
    const now = Date.now()
    const adoption: AdoptionRecord =
      how.mode === 'silence'
        ? {
            mode: 'silence',
            statement: `Adopted by consensus after the silence procedure ended on ${printedDate(how.silenceEndedAt)} without objection.`,
            silenceEndedAt: how.silenceEndedAt,
          }
        : {
            mode: 'decision',
            statement: `Adopted by consensus on ${printedDate(now)}, by decision of the chair with no objection recorded.`,
            silenceEndedAt: null,
          }
    const paragraphs = numberParagraphs(await currentText(this.db, this.relay, fresh))
    // Nothing is adopted on a history that fails verification (publish would refuse it after the
    // stage changed); and a publication that fails anyway puts the stage back.
    await this.publications.history.verifiedHead(d.id)
    await this.conferences.setStage(d.conferenceId, d.id, 'adopted')
    let published: PublicationSummary
    try {
      published = await this.publications.publish(fresh, {
        kind: 'declaration',
        adoption,
        paragraphs,
        at: now,
      })
    } catch (error) {
      await this.conferences.setStage(d.conferenceId, d.id, fresh.stage)
      throw error
    }
    await this.audit.record({
      actorUserId,
      action: 'declaration.adopt',
      outcome: 'ok',
      conferenceId: d.conferenceId,
      target: d.id,
      detail: { mode: how.mode, publicationId: published.id, manifestHash: published.manifestHash },
    })
    await revalidateDeclaration(this.relay, fresh)
    await announcePublication(this.relay, fresh, published)
    return published
  }

  /** Adopts by the secretariat's decision. */
  adopt(d: Declaration, actorUserId: string): Promise<PublicationSummary> {
    return this.queue.run(d.id, () => this.adoptNow(d, actorUserId, { mode: 'decision' }))
  }
}
