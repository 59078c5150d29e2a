import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely'

/** The migrations, in order. Each runs once, in a transaction. */
const migrations: Record<string, Migration> = {
  '0001_accounts_and_conferences': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('user')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('is_operator', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('password_changed_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('session')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('secret_hash', 'blob', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('last_active_at', 'bigint', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('session_by_user').on('session').column('user_id').execute()
      await db.schema
        .createTable('conference')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('venue', 'text', (c) => c.notNull())
        .addColumn('starts_on', 'text', (c) => c.notNull())
        .addColumn('ends_on', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('delegation')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conference_id', 'text', (c) =>
          c.notNull().references('conference.id').onDelete('cascade'),
        )
        .addColumn('code', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('decides', 'integer', (c) => c.notNull())
        .addUniqueConstraint('delegation_code_unique', ['conference_id', 'code'])
        .execute()
      await db.schema
        .createTable('membership')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conference_id', 'text', (c) =>
          c.notNull().references('conference.id').onDelete('cascade'),
        )
        .addColumn('user_id', 'text', (c) => c.notNull().references('user.id').onDelete('cascade'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('delegation_id', 'text', (c) => c.references('delegation.id'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('removed_at', 'bigint')
        .execute()
      // One current membership per user and conference.
      await db.schema
        .createIndex('membership_current')
        .on('membership')
        .columns(['conference_id', 'user_id'])
        .unique()
        .where(sql.ref('removed_at'), 'is', null)
        .execute()
      await db.schema.createIndex('membership_by_user').on('membership').column('user_id').execute()
      await db.schema
        .createTable('invitation')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conference_id', 'text', (c) =>
          c.notNull().references('conference.id').onDelete('cascade'),
        )
        .addColumn('token_hash', 'blob', (c) => c.notNull().unique())
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('delegation_id', 'text', (c) => c.references('delegation.id'))
        .addColumn('email', 'text')
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('accepted_at', 'bigint')
        .addColumn('accepted_by', 'text')
        .execute()
      await db.schema
        .createTable('declaration')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('conference_id', 'text', (c) =>
          c.notNull().references('conference.id').onDelete('cascade'),
        )
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('stage', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('audit_log')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('actor_user_id', 'text')
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('conference_id', 'text')
        .addColumn('target', 'text')
        .addColumn('detail', 'text', (c) => c.notNull())
        .execute()
      await db.schema.createIndex('audit_by_time').on('audit_log').column('at').execute()
    },
  },
  '0002_negotiation': {
    async up(db: Kysely<unknown>) {
      // Comments on paragraphs: threads (parent_id), visible to all or to the author's delegation.
      await db.schema
        .createTable('comment')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('declaration_id', 'text', (c) =>
          c.notNull().references('declaration.id').onDelete('cascade'),
        )
        .addColumn('paragraph_id', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text')
        .addColumn('author_user_id', 'text', (c) => c.notNull())
        .addColumn('author_delegation_id', 'text')
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('edited_at', 'bigint')
        .addColumn('deleted_at', 'bigint')
        .addColumn('resolved_at', 'bigint')
        .addColumn('resolved_by', 'text')
        .execute()
      await db.schema
        .createIndex('comment_by_declaration')
        .on('comment')
        .column('declaration_id')
        .execute()
      // Every position ever taken: the current one is the newest per paragraph and delegation.
      await db.schema
        .createTable('position')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('declaration_id', 'text', (c) =>
          c.notNull().references('declaration.id').onDelete('cascade'),
        )
        .addColumn('paragraph_id', 'text', (c) => c.notNull())
        .addColumn('delegation_id', 'text', (c) => c.notNull())
        .addColumn('value', 'text', (c) => c.notNull())
        .addColumn('amendment', 'text')
        .addColumn('note', 'text')
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addColumn('set_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex('position_current')
        .on('position')
        .columns(['declaration_id', 'paragraph_id', 'delegation_id', 'id'])
        .execute()
      // Every status a paragraph had; an agreed status keeps the agreed text, for the lock.
      await db.schema
        .createTable('paragraph_status')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('declaration_id', 'text', (c) =>
          c.notNull().references('declaration.id').onDelete('cascade'),
        )
        .addColumn('paragraph_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('pending_delegation_id', 'text')
        .addColumn('agreed_content', 'text')
        .addColumn('set_by', 'text', (c) => c.notNull())
        .addColumn('set_at', 'bigint', (c) => c.notNull())
        .execute()
      await db.schema
        .createIndex('paragraph_status_current')
        .on('paragraph_status')
        .columns(['declaration_id', 'paragraph_id', 'id'])
        .execute()
      // The secretariat's decisions on proposals: accepted or rejected, with the text decided on.
      await db.schema
        .createTable('proposal_decision')
        .addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('declaration_id', 'text', (c) =>
          c.notNull().references('declaration.id').onDelete('cascade'),
        )
        .addColumn('paragraph_id', 'text', (c) => c.notNull())
        .addColumn('proposal_id', 'text', (c) => c.notNull())
        .addColumn('delegation', 'text', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('decision', 'text', (c) => c.notNull())
        .addColumn('decided_by', 'text', (c) => c.notNull())
        .addColumn('decided_at', 'bigint', (c) => c.notNull())
        .execute()
    },
  },
  '0003_decision_intent': {
    async up(db: Kysely<unknown>) {
      // A decision is recorded as an intent before the draft changes (documents.db), and marked
      // applied after: a crash in between leaves an intent that the server carries out on start.
      await db.schema.alterTable('proposal_decision').addColumn('applied_at', 'bigint').execute()
      await sql`update proposal_decision set applied_at = decided_at`.execute(db)
    },
  },

  // Issue #10: the agreed-text history (hash-chained), revisions, silence procedures and
  // publications. All on this connection, which runs with synchronous = FULL.
  '0004_outcomes_history_revisions_silence_publications': {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('agreed_history')
        .addColumn('declaration_id', 'text', (c) =>
          c.notNull().references('declaration.id').onDelete('cascade'),
        )
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('paragraph_id', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('at', 'bigint', (c) => c.notNull())
        .addColumn('prev', 'text')
        .addColumn('payload_digest', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .addColumn('payload', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('agreed_history_pk', ['declaration_id', 'seq'])
        .execute()
      // The head is kept apart from the chain, so that cutting entries off its end shows.
      await db.schema
        .createTable('agreed_history_head')
        .addColumn('declaration_id', 'text', (c) =>
          c.primaryKey().references('declaration.id').onDelete('cascade'),
        )
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute()
      await db.schema
        .createTable('revision')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('declaration_id', 'text', (c) =>
          c.notNull().references('declaration.id').onDelete('cascade'),
        )
        .addColumn('number', 'integer', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('history_head', 'text')
        .addColumn('history_length', 'integer', (c) => c.notNull())
        .addColumn('snapshot', 'text', (c) => c.notNull())
        .addUniqueConstraint('revision_number_unique', ['declaration_id', 'number'])
        .execute()
      await db.schema
        .createTable('silence')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('declaration_id', 'text', (c) =>
          c.notNull().references('declaration.id').onDelete('cascade'),
        )
        .addColumn('conference_id', 'text', (c) => c.notNull())
        .addColumn('started_by', 'text', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('deadline', 'bigint', (c) => c.notNull())
        .addColumn('message', 'text')
        .addColumn('ended_at', 'bigint')
        // broken | adopted | withdrawn | failed
        .addColumn('outcome', 'text')
        .addColumn('broken_by_delegation_id', 'text')
        .addColumn('broken_by_user_id', 'text')
        .addColumn('reason', 'text')
        .execute()
      // At most one running silence per declaration.
      await db.schema
        .createIndex('silence_running')
        .on('silence')
        .column('declaration_id')
        .unique()
        .where(sql.ref('ended_at'), 'is', null)
        .execute()
      await db.schema
        .createTable('publication')
        .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
        .addColumn('id', 'text', (c) => c.notNull().unique())
        .addColumn('conference_id', 'text', (c) => c.notNull())
        .addColumn('declaration_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('published_at', 'bigint', (c) => c.notNull())
        .addColumn('manifest_hash', 'text', (c) => c.notNull())
        .addColumn('bundle', 'text', (c) => c.notNull())
        .execute()
    },
  },
  '0005_draft_client': {
    async up(db: Kysely<unknown>) {
      // Attribution by authorship: which user first wrote under each Yjs client id of a draft.
      await db.schema
        .createTable('draft_client')
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('client_id', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('draft_client_pk', ['document', 'client_id'])
        .execute()
    },
  },
  '0006_proposal_owner': {
    async up(db: Kysely<unknown>) {
      // A proposal id belongs to the delegation that made it first, even after its bracket left
      // the draft (decided, withdrawn): nobody else may bracket words under it later.
      await db.schema
        .createTable('proposal_owner')
        .addColumn('document', 'text', (c) => c.notNull())
        .addColumn('proposal_id', 'text', (c) => c.notNull())
        .addColumn('delegation', 'text', (c) => c.notNull())
        .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('proposal_owner_pk', ['document', 'proposal_id'])
        .execute()
    },
  },
  '0008_position_on_behalf_status_override': {
    async up(db: Kysely<unknown>) {
      // A position the secretariat recorded on a delegation's behalf (stated in the room) says so.
      await db.schema
        .alterTable('position')
        .addColumn('on_behalf', 'integer', (c) => c.notNull().defaultTo(0))
        .execute()
      // Agreeing over objections needs a reason, kept with the status: why, and over whom.
      await db.schema.alterTable('paragraph_status').addColumn('override_reason', 'text').execute()
      await db.schema
        .alterTable('paragraph_status')
        .addColumn('override_objections', 'text')
        .execute()
    },
  },
  '0009_invitation_revoked': {
    async up(db: Kysely<unknown>) {
      // An invitation withdrawn before use (#11: the operator's `revoke-invitation`).
      await db.schema.alterTable('invitation').addColumn('revoked_at', 'bigint').execute()
    },
  },
}

const provider: MigrationProvider = { getMigrations: async () => migrations }

/** Brings the schema up to date; throws with the failing migration's error. */
export async function migrate(db: Kysely<unknown>): Promise<void> {
  const { error, results } = await new Migrator({ db, provider }).migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error || failed) {
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${String(error)}`)
  }
}
