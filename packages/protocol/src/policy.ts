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
  // On an existing comment (a `comment` resource): editing, deleting, resolving or reopening.
  'comment.edit',
  'comment.delete',
  'comment.resolve',
] as const
export type Command = (typeof COMMANDS)[number]

/** What the policy decides about. */
export type Resource =
  | { readonly type: 'document'; readonly document: DocumentRef }
  | { readonly type: 'conference'; readonly conferenceId: string }
  | { readonly type: 'declaration'; readonly conferenceId: string }
  | { readonly type: 'delegation'; readonly conferenceId: string; readonly delegationId: string }
  | {
      readonly type: 'comment'
      readonly conferenceId: string
      readonly visibility: 'all' | 'delegation'
      readonly authorUserId: string
      /** The author's delegation when they wrote it; null for the secretariat. */
      readonly authorDelegationId: string | null
    }

/** The action: opening a document (read or write), viewing a resource, or a command. */
export type Action = 'open' | 'view' | Command

/** The input of the access policy. */
export interface AccessRequest {
  readonly memberships: readonly Membership[]
  readonly resource: Resource
  /** The declaration's stage; null where the resource belongs to no declaration. */
  readonly stage: Stage | null
  readonly action: Action
  /** The user asking: what depends on authorship (a comment's author) needs it. */
  readonly userId?: string | null
}

/**
 * The policy's answer with its reason. A refusal's reason says who may do it, or when, in
 * English, for the API's 403 message (clients show their own words for `forbidden`).
 */
export type AccessDecision =
  | { readonly access: 'read' | 'write'; readonly reason: null }
  | { readonly access: 'deny'; readonly reason: string }

const grant = (access: 'read' | 'write'): AccessDecision => ({ access, reason: null })
const refuse = (reason: string): AccessDecision => ({ access: 'deny', reason })

function conferenceOf(resource: Resource): string {
  return resource.type === 'document' ? resource.document.conferenceId : resource.conferenceId
}

/** "; this declaration is in silence": the stage a refusal was given in, when there is one. */
function inStage(stage: Stage | null): string {
  return stage === null ? '' : `; this declaration is in ${stage}`
}

/**
 * The one access policy. REST routes and the relay both call it; nothing else decides access.
 * It is a pure function of the user's memberships, the resource, the declaration's stage and the
 * action, so it is tested as a table over every combination (policy.test.ts).
 */
export function decideAccess(request: AccessRequest): Access {
  return accessDecision(request).access
}

/** `decideAccess` with the reason of a refusal: the one place both are decided. */
export function accessDecision({
  memberships,
  resource,
  stage,
  action,
  userId = null,
}: AccessRequest): AccessDecision {
  const member = memberships.find((m) => m.conferenceId === conferenceOf(resource))
  if (!member)
    return refuse('only members of this conference may do this; ask its secretariat to invite you')
  if (resource.type === 'document') {
    return action === 'open'
      ? documentAccess(member, resource.document, stage)
      : refuse('documents are only opened, through the relay')
  }
  if (action === 'open') return refuse('only documents are opened')
  if (action === 'view') {
    if (resource.type === 'comment' && resource.visibility === 'delegation') {
      return member.role === 'delegate' && member.delegationId === resource.authorDelegationId
        ? grant('read')
        : refuse("only that delegation's own members read its internal comments")
    }
    // Observers see the conference and its declarations' titles and stages, never a text
    // (documents) nor a delegation's resources.
    return member.role === 'observer' &&
      resource.type !== 'conference' &&
      resource.type !== 'declaration'
      ? refuse(
          "observers see the conference, its declarations' titles and stages, and its published texts only",
        )
      : grant('read')
  }
  return commandAccess(member, resource, stage, action, userId)
}

function documentAccess(
  member: Membership,
  document: DocumentRef,
  stage: Stage | null,
): AccessDecision {
  switch (document.kind) {
    case 'draft':
      if (member.role === 'secretariat')
        return grant(stage === 'drafting' || stage === 'negotiating' ? 'write' : 'read')
      if (member.role === 'delegate') {
        // The zero draft is the secretariat's until it circulates: delegates see nothing of a
        // declaration in drafting.
        if (stage === 'negotiating') return grant('write')
        if (stage === 'silence' || stage === 'adopted') return grant('read')
        return refuse('delegates see the draft once the secretariat circulates it for negotiation')
      }
      return refuse('observers read published texts only, never the draft')
    case 'shared':
      // Server-written: nobody writes it through the relay.
      if (member.role === 'secretariat') return grant('read')
      if (member.role === 'delegate') {
        return stage === 'drafting' || stage === null
          ? refuse('delegates see the negotiation once the secretariat circulates the draft')
          : grant('read')
      }
      return refuse('observers read published texts only, never the negotiation')
    case 'delegation':
      // Only that delegation's own members; not other delegations, not the secretariat.
      return member.role === 'delegate' && member.delegationId === document.delegationId
        ? grant('read')
        : refuse("only that delegation's own members read its internal comments")
    case 'secretariat':
      return member.role === 'secretariat'
        ? grant('write')
        : refuse('only the secretariat opens its workspace')
  }
}

/** Stages in which the secretariat changes the text and its statuses. */
const PEN_STAGES: readonly (Stage | null)[] = ['drafting', 'negotiating']

function commandAccess(
  member: Membership,
  resource: Resource,
  stage: Stage | null,
  command: Command,
  userId: string | null,
): AccessDecision {
  // Commands on a comment concern that comment only; every other command concerns the rest.
  if (command === 'comment.edit' || command === 'comment.delete' || command === 'comment.resolve')
    return resource.type === 'comment'
      ? commentAccess(member, resource, stage, command, userId)
      : refuse(`${command} applies to a comment`)
  if (resource.type === 'comment') return refuse(`${command} does not apply to a comment`)
  switch (command) {
    case 'conference.manage':
      return member.role === 'secretariat'
        ? grant('write')
        : refuse('only the secretariat manages the conference')
    case 'declaration.setStage':
      return member.role === 'secretariat'
        ? grant('write')
        : refuse(
            'only the secretariat moves a declaration through its stages: revisions, silence, adoption',
          )
    case 'paragraph.setStatus':
      // The secretariat holds the pen while the text can change; in silence and once adopted the
      // text and its statuses are frozen.
      if (member.role !== 'secretariat')
        return refuse("only the secretariat sets a paragraph's status")
      return PEN_STAGES.includes(stage)
        ? grant('write')
        : refuse(`statuses are set only while drafting or negotiating${inStage(stage)}`)
    case 'proposal.decide':
      if (member.role !== 'secretariat')
        return refuse('only the secretariat accepts or rejects a proposal')
      return PEN_STAGES.includes(stage)
        ? grant('write')
        : refuse(`proposals are decided only while drafting or negotiating${inStage(stage)}`)
    case 'position.set':
      // A position is set only by a member of its delegation, while the text is negotiated; the
      // secretariat also records one stated in the room, on a delegation's behalf (marked so).
      return positionAccess(member, resource, stage)
    case 'comment.create':
      return commentCreateAccess(member, resource, stage)
    case 'silence.break':
      // Only deciding delegations can block consensus, and only while silence runs.
      if (member.role !== 'delegate')
        return refuse('only a deciding delegation breaks silence, through one of its delegates')
      if (!member.decides)
        return refuse('only a deciding delegation breaks silence; yours is advisory')
      if (resource.type !== 'delegation' || member.delegationId !== resource.delegationId)
        return refuse('a delegate breaks silence only for their own delegation')
      return stage === 'silence'
        ? grant('write')
        : refuse(`silence is broken only while it runs${inStage(stage)}`)
  }
}

function positionAccess(
  member: Membership,
  resource: Resource,
  stage: Stage | null,
): AccessDecision {
  if (member.role === 'secretariat') {
    if (resource.type !== 'delegation')
      return refuse("the secretariat records a position on one delegation's behalf")
    return stage === 'negotiating'
      ? grant('write')
      : refuse(`positions are recorded only while the text is negotiated${inStage(stage)}`)
  }
  if (member.role !== 'delegate')
    return refuse('only a delegate states a position, for their own delegation')
  if (resource.type !== 'delegation' || member.delegationId !== resource.delegationId)
    return refuse("a delegate states only their own delegation's position")
  return stage === 'negotiating'
    ? grant('write')
    : refuse(`positions are stated only while the text is negotiated${inStage(stage)}`)
}

function commentCreateAccess(
  member: Membership,
  resource: Resource,
  stage: Stage | null,
): AccessDecision {
  // Comments are made while the text is negotiated. On a delegation (an internal comment)
  // only that delegation's own members comment; elsewhere delegates and the secretariat do.
  if (resource.type === 'delegation') {
    if (member.role !== 'delegate' || member.delegationId !== resource.delegationId)
      return refuse("only that delegation's own members comment internally in it")
  } else if (member.role === 'observer') {
    return refuse('only delegates and the secretariat comment')
  }
  return stage === 'negotiating'
    ? grant('write')
    : refuse(`comments are made only while the text is negotiated${inStage(stage)}`)
}

const COMMENT_VERB = {
  'comment.edit': { done: 'edited', infinitive: 'edits' },
  'comment.delete': { done: 'deleted', infinitive: 'deletes' },
  'comment.resolve': { done: 'resolved or reopened', infinitive: 'resolves or reopens' },
} as const

/**
 * An existing comment follows the stage of new ones: once comments are refused (silence,
 * adoption, a return to drafting), nobody edits, deletes, resolves or reopens one either, so the
 * record people saw when the text froze stays as it was.
 */
function commentAccess(
  member: Membership,
  comment: Extract<Resource, { type: 'comment' }>,
  stage: Stage | null,
  command: 'comment.edit' | 'comment.delete' | 'comment.resolve',
  userId: string | null,
): AccessDecision {
  const mine = userId !== null && userId === comment.authorUserId
  const ofMyDelegation =
    member.role === 'delegate' &&
    comment.authorDelegationId !== null &&
    member.delegationId === comment.authorDelegationId
  if (comment.visibility === 'delegation' && !ofMyDelegation) {
    // Its own author too, once moved to another delegation or role: the space is the delegation's.
    return refuse(
      `only a member of its delegation ${COMMENT_VERB[command].infinitive} an internal comment`,
    )
  }
  if (member.role === 'observer') return refuse('only delegates and the secretariat comment')
  if (command === 'comment.resolve') {
    const mayResolve =
      member.role === 'secretariat' ? comment.visibility === 'all' : mine || ofMyDelegation
    if (!mayResolve)
      return refuse(
        "only the comment's author, their delegation or the secretariat resolves or reopens a thread",
      )
  } else if (!mine) {
    return refuse(`only its author ${COMMENT_VERB[command].infinitive} a comment`)
  }
  return stage === 'negotiating'
    ? grant('write')
    : refuse(
        `comments are ${COMMENT_VERB[command].done} only while the text is negotiated${inStage(stage)}`,
      )
}
