import { parseBlockContent } from '@accord/editor'
import type { ParagraphStatus } from '@accord/protocol'
import type { Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { Actor } from './Actor.js'
import { draftName } from './documentNames.js'
import { type AgreedLock, lockOf } from './draftText.js'
import type { NegotiationContext } from './NegotiationContext.js'

/**
 * Paragraph statuses (open, ad ref, pending, agreed), set by the secretariat. Marking a
 * paragraph agreed stores its whole content as the lock that `LockEnforcement` keeps.
 */
export class Statuses {
  constructor(
    readonly ctx: NegotiationContext,
    readonly changed: (d: Declaration) => Promise<void>,
  ) {}

  async setStatus(
    d: Declaration,
    actor: Actor,
    input: { paragraphId: string; status: ParagraphStatus; pendingDelegationId: string | null },
  ): Promise<void> {
    if ((input.status === 'pending') !== (input.pendingDelegationId !== null)) {
      throw new ApiError(
        'invalid_request',
        '"agreed pending" names exactly one delegation; other statuses none',
      )
    }
    if (input.pendingDelegationId)
      await this.ctx.conferences.delegation(d.conferenceId, input.pendingDelegationId)
    const lock = await this.ctx.relay.read(draftName(d), (doc) => lockOf(doc, input.paragraphId))
    if (!lock) throw new ApiError('not_found', 'no such paragraph in the draft')
    await this.ctx.db
      .insertInto('paragraph_status')
      .values({
        declaration_id: d.id,
        paragraph_id: input.paragraphId,
        status: input.status,
        pending_delegation_id: input.pendingDelegationId,
        agreed_content: input.status === 'agreed' ? JSON.stringify(lock) : null,
        set_by: actor.userId,
        set_at: Date.now(),
      })
      .execute()
    await this.ctx.record(d, actor, 'paragraph.setStatus', input.paragraphId, {
      status: input.status,
    })
    await this.changed(d)
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

/** An agreed lock as stored in `paragraph_status.agreed_content`, older forms included. */
function parseLock(json: string): AgreedLock {
  const stored = JSON.parse(json) as { content: unknown; afterPid?: string | null }
  return { content: parseBlockContent(stored.content), afterPid: stored.afterPid ?? null }
}
