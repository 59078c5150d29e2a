import type { Generated } from 'kysely'
import type { OutcomesTables } from './outcomesSchema.js'

/**
 * The SQL schema of everything that carries authority or attribution. Times are milliseconds
 * since the epoch; booleans are 0 or 1 (portable between SQLite and Postgres).
 */
export interface Database extends OutcomesTables {
  user: UserTable
  session: SessionTable
  conference: ConferenceTable
  delegation: DelegationTable
  membership: MembershipTable
  invitation: InvitationTable
  declaration: DeclarationTable
  audit_log: AuditLogTable
  comment: CommentTable
  position: PositionTable
  paragraph_status: ParagraphStatusTable
  proposal_decision: ProposalDecisionTable
  draft_client: DraftClientTable
  proposal_owner: ProposalOwnerTable
}

/** The delegation that first made a proposal id in a draft: the id is theirs for good. */
export interface ProposalOwnerTable {
  document: string
  proposal_id: string
  delegation: string
  first_seen_at: number
}

/** The user who first wrote under a Yjs client id in a draft: that id is theirs from then on. */
export interface DraftClientTable {
  document: string
  client_id: number
  user_id: string
  first_seen_at: number
}

export interface UserTable {
  id: string
  /** Lower-cased; unique. */
  email: string
  name: string
  /** Argon2id PHC string; never the password. */
  password_hash: string
  is_operator: number
  created_at: number
  password_changed_at: number
}

export interface SessionTable {
  /** The public half of the token (`id.secret`). */
  id: string
  user_id: string
  /** SHA-256 of the secret half; the secret itself is never stored. */
  secret_hash: Uint8Array
  created_at: number
  /** Refreshed at most once an hour; the idle timeout counts from here. */
  last_active_at: number
  /** How the session was made: `cookie` (web) or `bearer` (desktop, tools). */
  kind: string
}

export interface ConferenceTable {
  id: string
  name: string
  venue: string
  /** ISO dates, YYYY-MM-DD. */
  starts_on: string
  ends_on: string
  created_at: number
}

export interface DelegationTable {
  id: string
  conference_id: string
  /** ISO 3166-1 alpha-3 for states; short codes such as EU, OECD, B20 otherwise. Unique per conference. */
  code: string
  name: string
  /** member | guest | organization | stakeholder */
  kind: string
  /** 1 when the delegation's objection blocks consensus. */
  decides: number
}

export interface MembershipTable {
  id: string
  conference_id: string
  user_id: string
  /** secretariat | delegate | observer */
  role: string
  delegation_id: string | null
  created_at: number
  /** Set when the member is removed; removed memberships grant nothing. */
  removed_at: number | null
}

export interface InvitationTable {
  id: string
  conference_id: string
  /** SHA-256 of the invitation secret. */
  token_hash: Uint8Array
  role: string
  delegation_id: string | null
  email: string | null
  created_by: string
  created_at: number
  expires_at: number
  accepted_at: number | null
  accepted_by: string | null
  /** Set when the invitation was withdrawn before use; a revoked invitation grants nothing. */
  revoked_at: number | null
}

export interface DeclarationTable {
  id: string
  conference_id: string
  title: string
  /** drafting | negotiating | silence | adopted */
  stage: string
  created_at: number
}

export interface AuditLogTable {
  id: Generated<number>
  at: number
  actor_user_id: string | null
  action: string
  /** ok | denied | failed */
  outcome: string
  conference_id: string | null
  target: string | null
  /** JSON object with details; never a secret. */
  detail: string
}

export interface CommentTable {
  id: string
  declaration_id: string
  /** The paragraph's stable id; the comment stays with it whatever happens to the text. */
  paragraph_id: string
  /** The comment this one replies to; null for the first of a thread. */
  parent_id: string | null
  author_user_id: string
  /** The author's delegation; null for the secretariat. */
  author_delegation_id: string | null
  /** all | delegation */
  visibility: string
  body: string
  created_at: number
  edited_at: number | null
  deleted_at: number | null
  resolved_at: number | null
  resolved_by: string | null
}

export interface PositionTable {
  id: Generated<number>
  declaration_id: string
  paragraph_id: string
  delegation_id: string
  /** support | flexible | reservation | objection | amendment */
  value: string
  /** The proposed text of an amendment. */
  amendment: string | null
  note: string | null
  set_by: string
  set_at: number
  /** 1 when the secretariat recorded it on the delegation's behalf (stated in the room). */
  on_behalf: Generated<number>
}

export interface ParagraphStatusTable {
  id: Generated<number>
  declaration_id: string
  paragraph_id: string
  /** open | ad_ref | pending | agreed */
  status: string
  pending_delegation_id: string | null
  /** For agreed statuses: the paragraph's content when agreed (JSON), which the lock restores. */
  agreed_content: string | null
  set_by: string
  set_at: number
  /** Why the secretariat agreed over objections; null when nobody objected. */
  override_reason: string | null
  /** The delegations (codes, JSON array) whose objections the agreement overrode. */
  override_objections: string | null
}

export interface ProposalDecisionTable {
  id: Generated<number>
  declaration_id: string
  paragraph_id: string
  proposal_id: string
  delegation: string
  /** insert | delete */
  action: string
  /** The text the proposal covered when decided. */
  text: string
  /** accepted | rejected */
  decision: string
  decided_by: string
  decided_at: number
  /** When the draft was changed accordingly; null while only the intent is recorded. */
  applied_at: number | null
}
