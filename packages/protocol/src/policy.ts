import type { DocumentRef } from './documentRef.js'

/** The role a user holds in one conference. */
export const ROLES = ['secretariat', 'delegate', 'observer'] as const
export type Role = (typeof ROLES)[number]

/** One of a user's (current) memberships. Removed memberships are never passed in. */
export interface Membership {
  readonly conferenceId: string
  readonly role: Role
  /** The delegation of a delegate; null for the secretariat and observers. */
  readonly delegationId: string | null
  /** Whether that delegation's objection blocks consensus. */
  readonly decides: boolean
}

/** The stages of a declaration. */
export const STAGES = ['drafting', 'negotiating', 'silence', 'adopted'] as const
export type Stage = (typeof STAGES)[number]

/**
 * The stage moves the secretariat may make. Silence returns to negotiating when a delegation
 * breaks it. Adopted is final: nothing is agreed until everything is, and once everything is,
 * the text no longer changes.
 */
export const STAGE_TRANSITIONS: Readonly<Record<Stage, readonly Stage[]>> = {
  drafting: ['negotiating'],
  negotiating: ['drafting', 'silence'],
  silence: ['negotiating', 'adopted'],
  adopted: [],
}

/** What the policy allows. */
export type Access = 'deny' | 'read' | 'write'

/** Commands sent over REST. Each is allowed ('write') or not ('deny'). */
export const COMMANDS = [
  'conference.manage',
  'declaration.setStage',
  'position.set',
  'comment.create',
  'silence.break',
  'paragraph.setStatus',
  'proposal.decide',
] as const
export type Command = (typeof COMMANDS)[number]

/** What the policy decides about. */
export type Resource =
  | { readonly type: 'document'; readonly document: DocumentRef }
  | { readonly type: 'conference'; readonly conferenceId: string }
  | { readonly type: 'declaration'; readonly conferenceId: string }
  | { readonly type: 'delegation'; readonly conferenceId: string; readonly delegationId: string }

/** The action: opening a document (read or write), viewing a resource, or a command. */
export type Action = 'open' | 'view' | Command

/** The input of the access policy. */
export interface AccessRequest {
  readonly memberships: readonly Membership[]
  readonly resource: Resource
  /** The declaration's stage; null where the resource belongs to no declaration. */
  readonly stage: Stage | null
  readonly action: Action
}

function conferenceOf(resource: Resource): string {
  return resource.type === 'document' ? resource.document.conferenceId : resource.conferenceId
}

/**
 * The one access policy. REST routes and the relay both call it; nothing else decides access.
 * It is a pure function of the user's memberships, the resource, the declaration's stage and the
 * action, so it is tested as a table over every combination (policy.test.ts).
 */
export function decideAccess({ memberships, resource, stage, action }: AccessRequest): Access {
  const member = memberships.find((m) => m.conferenceId === conferenceOf(resource))
  if (!member) return 'deny'
  if (resource.type === 'document')
    return action === 'open' ? documentAccess(member, resource.document, stage) : 'deny'
  if (action === 'open') return 'deny'
  if (action === 'view')
    // Observers see the conference and its declarations' titles and stages, never a text
    // (documents) nor a delegation's resources.
    return member.role === 'observer' && resource.type === 'delegation' ? 'deny' : 'read'
  return commandAccess(member, resource, stage, action)
}

function documentAccess(member: Membership, document: DocumentRef, stage: Stage | null): Access {
  switch (document.kind) {
    case 'draft':
      if (member.role === 'secretariat')
        return stage === 'drafting' || stage === 'negotiating' ? 'write' : 'read'
      if (member.role === 'delegate') {
        // The zero draft is the secretariat's until it circulates: delegates see nothing of a
        // declaration in drafting.
        if (stage === 'negotiating') return 'write'
        return stage === 'silence' || stage === 'adopted' ? 'read' : 'deny'
      }
      return 'deny'
    case 'shared':
      // Server-written: nobody writes it through the relay.
      if (member.role === 'secretariat') return 'read'
      if (member.role === 'delegate')
        return stage === 'drafting' || stage === null ? 'deny' : 'read'
      return 'deny'
    case 'delegation':
      // Only that delegation's own members; not other delegations, not the secretariat.
      return member.role === 'delegate' && member.delegationId === document.delegationId
        ? 'read'
        : 'deny'
    case 'secretariat':
      return member.role === 'secretariat' ? 'write' : 'deny'
  }
}

function commandAccess(
  member: Membership,
  resource: Resource,
  stage: Stage | null,
  command: Command,
): Access {
  switch (command) {
    case 'conference.manage':
    case 'declaration.setStage':
      return member.role === 'secretariat' ? 'write' : 'deny'
    case 'paragraph.setStatus':
    case 'proposal.decide':
      // The secretariat holds the pen while the text can change; in silence and once adopted the
      // text and its statuses are frozen.
      return member.role === 'secretariat' && (stage === 'drafting' || stage === 'negotiating')
        ? 'write'
        : 'deny'
    case 'position.set':
      // A position is set only by a member of its delegation, while the text is negotiated; the
      // secretariat also records one stated in the room, on a delegation's behalf (marked so).
      if (member.role === 'secretariat')
        return resource.type === 'delegation' && stage === 'negotiating' ? 'write' : 'deny'
      return member.role === 'delegate' &&
        resource.type === 'delegation' &&
        member.delegationId === resource.delegationId &&
        stage === 'negotiating'
        ? 'write'
        : 'deny'
    case 'comment.create':
      // Comments are made while the text is negotiated. On a delegation (an internal comment)
      // only that delegation's own members comment; elsewhere delegates and the secretariat do.
      if (stage !== 'negotiating') return 'deny'
      if (resource.type === 'delegation') {
        return member.role === 'delegate' && member.delegationId === resource.delegationId
          ? 'write'
          : 'deny'
      }
      return member.role === 'delegate' || member.role === 'secretariat' ? 'write' : 'deny'
    case 'silence.break':
      // Only deciding delegations can block consensus, and only while silence runs.
      return member.role === 'delegate' &&
        member.decides &&
        resource.type === 'delegation' &&
        member.delegationId === resource.delegationId &&
        stage === 'silence'
        ? 'write'
        : 'deny'
  }
}
