import type { Generated } from 'kysely'

/** The tables of issue #10: agreed-text history, revisions, silence procedures, publications. */
export interface OutcomesTables {
  agreed_history: AgreedHistoryTable
  agreed_history_head: AgreedHistoryHeadTable
  revision: RevisionTable
  silence: SilenceTable
  publication: PublicationTable
}

/** One link of a declaration's hash chain; append-only, never updated or deleted. */
export interface AgreedHistoryTable {
  declaration_id: string
  seq: number
  paragraph_id: string
  status: string
  at: number
  prev: string | null
  payload_digest: string
  hash: string
  /** The canonical JSON of the HistoryPayload (text, brackets, attribution). */
  payload: string
}

export interface AgreedHistoryHeadTable {
  declaration_id: string
  seq: number
  hash: string
}

/** A named, immutable snapshot of the text and statuses. */
export interface RevisionTable {
  id: string
  declaration_id: string
  /** 0 for the zero draft, then 1, 2, … */
  number: number
  name: string
  created_by: string
  created_at: number
  history_head: string | null
  history_length: number
  /** JSON: RevisionParagraph[] */
  snapshot: string
}

export interface SilenceTable {
  id: string
  declaration_id: string
  conference_id: string
  started_by: string
  started_at: number
  deadline: number
  message: string | null
  ended_at: number | null
  /** broken | adopted | withdrawn | failed; null while running. */
  outcome: string | null
  broken_by_delegation_id: string | null
  broken_by_user_id: string | null
  reason: string | null
}

/** A published text: the signed bundle, immutable. */
export interface PublicationTable {
  seq: Generated<number>
  id: string
  conference_id: string
  declaration_id: string
  /** declaration | chair_summary */
  kind: string
  published_at: number
  manifest_hash: string
  /** The bundle's JSON, exactly as served. */
  bundle: string
}
