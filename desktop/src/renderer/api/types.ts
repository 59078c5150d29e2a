import type { ConsensusState, ParagraphStatus, PositionValue, Role, Stage } from '@accord/protocol'

// The shapes of the REST API's answers and of the mirror documents' entries, as the server's
// schemas (server/src/routes/*/schema.ts, Negotiation.refresh) define them.

export interface User {
  id: string
  email: string
  name: string
  isOperator: boolean
}

export interface Membership {
  conferenceId: string
  role: Role
  delegationId: string | null
  decides: boolean
}

export interface Me {
  user: User
  memberships: Membership[]
}

export interface Conference {
  id: string
  name: string
  venue: string
  startsOn: string
  endsOn: string
}

export type DelegationKind = 'member' | 'guest' | 'organization' | 'stakeholder'

export interface Delegation {
  id: string
  conferenceId: string
  code: string
  name: string
  kind: DelegationKind
  decides: boolean
}

export interface Declaration {
  id: string
  conferenceId: string
  title: string
  stage: Stage
}

export interface Invitation {
  conferenceId: string
  conferenceName: string
  role: Role
  delegation: string | null
}

/** A comment, as the mirrors hold it. */
export interface Comment {
  id: string
  paragraphId: string
  parentId: string | null
  author: string
  authorUserId: string
  delegation: string | null
  visibility: 'all' | 'delegation'
  body: string
  createdAt: number
  editedAt: number | null
  deleted: boolean
  resolved: boolean
  orphaned: boolean
}

/** A delegation's current position on a paragraph (shared mirror, key `<pid>/<code>`). */
export interface PositionEntry {
  paragraphId: string
  delegation: string
  decides: boolean
  value: PositionValue
  amendment: string | null
  note: string | null
  setBy: string
  /** `secretariat` when the secretariat recorded it on the delegation's behalf. */
  recordedBy?: 'delegation' | 'secretariat'
  setAt: number
}

/** One past position, from GET …/paragraphs/:pid/positions. */
export interface PositionHistoryEntry {
  delegation: string
  value: PositionValue
  amendment: string | null
  note: string | null
  setBy: string
  recordedBy?: 'delegation' | 'secretariat'
  setAt: number
}

/** A paragraph's status (shared mirror, key `<pid>`). */
export interface StatusEntry {
  status: ParagraphStatus
  pendingDelegation: string | null
  setAt: number
  /** Set when the secretariat agreed the paragraph over these delegations' objections. */
  override?: { reason: string; objections: string[] }
}

/** Why the server repaired a draft update (docs/protocol.md, "The draft's rules"). */
export interface RepairReason {
  code:
    | 'restoredProposal'
    | 'removedFromBracket'
    | 'becameProposal'
    | 'leftOutOfProposal'
    | 'agreedRestored'
  paragraphId: string
  proposalId: string
  delegation: string
  text: string
}

/** A notice the server writes for the sender of a repaired update (`notices` map). */
export interface RepairNotice {
  id: string
  at: number
  declarationId: string
  userId: string | null
  reasons: RepairReason[]
  messages: string[]
}

export type { ConsensusState, ParagraphStatus, PositionValue, Role, Stage }
