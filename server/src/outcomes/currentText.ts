import { readDeclaration } from '@accord/editor'
import type { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { Declaration } from '../directory/Conferences.js'
import type { Relay } from '../sync/Relay.js'
import { bracketedText } from './bracketedText.js'
import type { RevisionParagraph } from './compareRevisions.js'
import { draftDocument } from './draftDocuments.js'

/** The current status of each paragraph (the newest row per paragraph), with the pending delegation's code. */
export async function currentStatuses(
  db: Kysely<Database>,
  declarationId: string,
): Promise<Map<string, { status: string; pendingDelegation: string | null }>> {
  const rows = await db
    .selectFrom('paragraph_status')
    .leftJoin('delegation', 'delegation.id', 'paragraph_status.pending_delegation_id')
    .select(['paragraph_status.paragraph_id', 'paragraph_status.status', 'delegation.code'])
    .where('paragraph_status.declaration_id', '=', declarationId)
    .orderBy('paragraph_status.id')
    .execute()
  const current = new Map<string, { status: string; pendingDelegation: string | null }>()
  for (const row of rows) {
    current.set(row.paragraph_id, { status: row.status, pendingDelegation: row.code ?? null })
  }
  return current
}

/** The draft as it stands: each block with its text, brackets and status (open unless set). */
export async function currentText(
  db: Kysely<Database>,
  relay: Relay,
  d: Declaration,
): Promise<RevisionParagraph[]> {
  const [paragraphs, statuses] = await Promise.all([
    relay.read(draftDocument(d), (doc) => readDeclaration(doc)),
    currentStatuses(db, d.id),
  ])
  return paragraphs
    .filter((p) => p.id !== '')
    .map((p) => ({
      id: p.id,
      kind: p.kind,
      label: p.label,
      text: p.text,
      bracketed: bracketedText(p),
      proposals: p.proposals.map(({ id, delegation, action, alternative, text }) => ({
        id,
        delegation,
        action,
        alternative,
        text,
      })),
      status: statuses.get(p.id)?.status ?? 'open',
      pendingDelegation: statuses.get(p.id)?.pendingDelegation ?? null,
    }))
}
