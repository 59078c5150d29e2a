import { decideAccess, type Membership, type Resource } from '@accord/protocol'
import type { User } from '../directory/Accounts.js'
import { ApiError } from '../errors.js'
import type { AuditLog, StoredAuditEntry } from './AuditLog.js'

/** An audit entry as the API returns it. */
export type AuditView = Omit<StoredAuditEntry, 'internalTo'>

/**
 * What an entry is about, for the policy: a delegation's internal material is that delegation's
 * mirror (which only its members open: not other delegations, not the secretariat); everything
 * else is the conference's management.
 */
function subjectOf(entry: StoredAuditEntry, conferenceId: string): Resource {
  if (entry.internalTo === null) return { type: 'conference', conferenceId }
  const declarationId = entry.detail.declarationId
  return {
    type: 'document',
    document: {
      kind: 'delegation',
      conferenceId,
      declarationId: typeof declarationId === 'string' ? declarationId : '',
      delegationId: entry.internalTo,
    },
  }
}

/**
 * Who reads which entries of a conference's audit log. The operator reads all of it. Otherwise
 * the access policy decides each entry: the conference's management entries go to whoever may
 * manage it (the secretariat), and an entry about a delegation's internal comments to whoever
 * may open that delegation's mirror (its members): the secretariat, denied the mirror, is denied
 * the entries that say who wrote what internally, on which paragraph, under which id.
 */
export class AuditReaders {
  constructor(
    readonly audit: AuditLog,
    readonly membershipsOf: (userId: string) => Promise<readonly Membership[]>,
  ) {}

  /** A page of the conference's entries `user` may read, newest first; 403 if none ever. */
  async page(
    user: User,
    conferenceId: string,
    { before, limit }: { before?: number; limit: number },
  ): Promise<AuditView[]> {
    if (user.isOperator) return this.#read(conferenceId, before, limit, undefined, () => true)
    const memberships = await this.membershipsOf(user.id)
    const member = memberships.find((m) => m.conferenceId === conferenceId)
    const manages =
      decideAccess({
        memberships,
        resource: { type: 'conference', conferenceId },
        stage: null,
        action: 'conference.manage',
      }) === 'write'
    // Narrows the query to what the reader can be given; the policy still decides each entry.
    let internal: string | null | undefined
    if (manages) internal = null
    else if (member?.role === 'delegate' && member.delegationId) internal = member.delegationId
    else {
      throw new ApiError(
        'forbidden',
        'only the operator and the secretariat read the audit log; a delegation reads the entries about its own internal comments',
      )
    }
    return this.#read(conferenceId, before, limit, internal, (entry) => {
      const subject = subjectOf(entry, conferenceId)
      const action = subject.type === 'document' ? 'open' : 'conference.manage'
      return decideAccess({ memberships, resource: subject, stage: null, action }) !== 'deny'
    })
  }

  /** Reads pages until `limit` entries pass `readable`, or the log has no older ones. */
  async #read(
    conferenceId: string,
    before: number | undefined,
    limit: number,
    internal: string | null | undefined,
    readable: (entry: StoredAuditEntry) => boolean,
  ): Promise<AuditView[]> {
    const out: AuditView[] = []
    let cursor = before
    for (;;) {
      const batch = await this.audit.list({ conferenceId, before: cursor, limit, internal })
      for (const entry of batch) {
        if (!readable(entry)) continue
        const { internalTo: _, ...view } = entry
        out.push(view)
        if (out.length === limit) return out
      }
      if (batch.length < limit) return out
      cursor = batch.at(-1)!.id
    }
  }
}
