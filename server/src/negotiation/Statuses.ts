import { parseBlockContent, readDeclaration } from '@accord/editor'
import type { ParagraphStatus } from '@accord/protocol'
import type { Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { Actor } from './Actor.js'
import { atomicCommand, type Projector } from './atomicCommand.js'
import { draftName } from './documentNames.js'
import { type AgreedLock, lockOf } from './draftText.js'
import type { NegotiationContext } from './NegotiationContext.js'
import { proposalShape } from './proposalIndex.js'

/** The statuses that agree a paragraph's text (ad ref, pending a delegation, agreed). */
const AGREEING: ReadonlySet<ParagraphStatus> = new Set(['ad_ref', 'pending', 'agreed'])

/** What the secretariat gives to agree a paragraph over objections: why. */
export interface StatusOverride {
  readonly reason: string
}

/** A status change as the secretariat asks for it. */
export interface StatusInput {
  readonly paragraphId: string
  readonly status: ParagraphStatus
  readonly pendingDelegationId: string | null
  /** Needed to agree over deciding delegations' objections; recorded with the status. */
  readonly override?: StatusOverride | null
}

/** An override as stored with a status: the reason, and whose objections it overrode. */
export interface RecordedOverride {
  readonly reason: string
  readonly objections: string[]
}

/**
 * Paragraph statuses (open, ad ref, pending, agreed), set by the secretariat. Marking a
 * paragraph agreed stores its whole content as the lock that `LockEnforcement` keeps.
 *
 * A paragraph is agreed (in any of the three agreeing statuses) only when its text holds no open
 * bracket, and over deciding delegations' objections only with an explicit override, which is
 * kept with the status and audited. The draft is read, checked and the status stored in one task
 * of the draft's queue: no update can land between the check and the record, so a bracket added
 * while the request runs is either seen (409) or arrives after the lock, which then restores
 * the agreed text (and tells its author).
 */
export class Statuses {
  constructor(
    readonly ctx: NegotiationContext,
    readonly mirrors: Projector,
  ) {}

  async setStatus(d: Declaration, actor: Actor, input: StatusInput): Promise<void> {
    if ((input.status === 'pending') !== (input.pendingDelegationId !== null)) {
      throw new ApiError(
        'invalid_request',
        '"agreed pending" names exactly one delegation; other statuses none',
      )
    }
    if (input.pendingDelegationId)
      await this.ctx.conferences.delegation(d.conferenceId, input.pendingDelegationId)
    const delegations = await this.ctx.delegations(d)
    await this.ctx.relay.read(draftName(d), (doc) => {
      // Everything the decision depends on in the draft is read here, in the draft's queue.
      const lock = lockOf(doc, input.paragraphId)
      if (!lock) throw new ApiError('not_found', 'no such paragraph in the draft')
      const paragraph = readDeclaration(doc).find((p) => p.id === input.paragraphId)
      const name = paragraph?.label || paragraph?.kind || input.paragraphId
      if (AGREEING.has(input.status) && paragraph && paragraph.proposals.length > 0) {
        const open = [...new Map(paragraph.proposals.map((p) => [p.id, p])).values()]
          .map(
            (p) =>
              `${p.delegation}'s ${p.alternative ? `Alt ${p.alternative} ` : ''}${p.action === 'delete' ? 'deletion' : 'insertion'} (${p.id})`,
          )
          .join(', ')
        throw new ApiError(
          'conflict',
          `${name} still has open brackets: ${open}. Accept or reject each proposal first.`,
        )
      }
      // The record is stored before the queue moves on (the task awaits it), with its audit
      // entry and the mirrors, all of it or none (issue #11); the mirrors are projected from
      // the draft as read here.
      const source = { paragraphs: readDeclaration(doc), shape: proposalShape(doc), delegations }
      return atomicCommand(
        this.ctx,
        d,
        this.mirrors,
        (tx) => this.#store(tx, d, actor, input, lock, name, delegations),
        { source, refreshAfter: false },
      )
    })
    // A coalesced refresh from committed state, now that the draft's queue moved on.
    await this.mirrors.refresh(d).catch(() => {})
  }

  /** Checks the objections and stores the status with its audit entry; runs in the draft's queue. */
  async #store(
    tx: NegotiationContext,
    d: Declaration,
    actor: Actor,
    input: StatusInput,
    lock: AgreedLock,
    name: string,
    delegations: Awaited<ReturnType<NegotiationContext['delegations']>>,
  ): Promise<void> {
    let override: RecordedOverride | null = null
    if (AGREEING.has(input.status)) {
      const objections = (await this.#currentObjections(tx, d, input.paragraphId))
        .filter((id) => id !== input.pendingDelegationId)
        .map((id) => delegations.get(id))
        .filter((x) => x?.decides)
        .map((x) => x!.code)
        .sort()
      if (objections.length > 0) {
        const reason = input.override?.reason.trim()
        if (!reason)
          throw new ApiError(
            'conflict',
            `${objections.join(', ')} object to ${name}. To agree it over their objections, send \`override: { reason }\`; the reason is recorded.`,
          )
        override = { reason, objections }
      }
    }
    await tx.db
      .insertInto('paragraph_status')
      .values({
        declaration_id: d.id,
        paragraph_id: input.paragraphId,
        status: input.status,
        pending_delegation_id: input.pendingDelegationId,
        agreed_content: input.status === 'agreed' ? JSON.stringify(lock) : null,
        set_by: actor.userId,
        set_at: Date.now(),
        override_reason: override?.reason ?? null,
        override_objections: override ? JSON.stringify(override.objections) : null,
      })
      .execute()
    await tx.record(d, actor, 'paragraph.setStatus', input.paragraphId, {
      status: input.status,
      ...(override ? { override } : {}),
    })
  }

  /** The delegations (ids) whose current position on a paragraph is an objection. */
  async #currentObjections(
    tx: NegotiationContext,
    d: Declaration,
    paragraphId: string,
  ): Promise<string[]> {
    const rows = await tx.db
      .selectFrom('position')
      .select(['delegation_id', 'value'])
      .where('declaration_id', '=', d.id)
      .where('paragraph_id', '=', paragraphId)
      .orderBy('id')
      .execute()
    const current = new Map<string, string>()
    for (const row of rows) current.set(row.delegation_id, row.value)
    return [...current].filter(([, value]) => value === 'objection').map(([id]) => id)
  }

  async current(d: Declaration, db = this.ctx.db) {
    const rows = await db
      .selectFrom('paragraph_status')
      .selectAll()
      .where('declaration_id', '=', d.id)
      .orderBy('id')
      .execute()
    const current = new Map<string, (typeof rows)[number]>()
    for (const row of rows) current.set(row.paragraph_id, row)
    return current
  }

  /** The agreed locks of a declaration: what each agreed paragraph must read. */
  async locks(d: Declaration): Promise<{ pid: string; lock: AgreedLock }[]> {
    return [...(await this.current(d)).values()]
      .filter((row) => row.status === 'agreed' && row.agreed_content)
      .map((row) => ({ pid: row.paragraph_id, lock: parseLock(row.agreed_content!) }))
  }
}

/** The override a stored status row records, or null. */
export function overrideOf(row: {
  override_reason: string | null
  override_objections: string | null
}): RecordedOverride | null {
  if (row.override_reason === null) return null
  return {
    reason: row.override_reason,
    objections: row.override_objections ? (JSON.parse(row.override_objections) as string[]) : [],
  }
}

/** An agreed lock as stored in `paragraph_status.agreed_content`, older forms included. */
function parseLock(json: string): AgreedLock {
  const stored = JSON.parse(json) as { content: unknown; afterPid?: string | null }
  return { content: parseBlockContent(stored.content), afterPid: stored.afterPid ?? null }
}
