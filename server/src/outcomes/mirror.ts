import { documentName } from '@accord/protocol'
import type { Declaration } from '../directory/Conferences.js'
import type { PublicationSummary } from '../publication/Publications.js'
import type { Relay } from '../sync/Relay.js'
import { sharedDocument } from './draftDocuments.js'

/** A silence procedure as the shared mirror shows it (map `silence`, keyed by the procedure's id). */
export interface SilenceView {
  id: string
  state: 'running' | 'broken' | 'adopted' | 'withdrawn' | 'failed'
  startedAt: number
  deadline: number
  message: string | null
  endedAt: number | null
  /** The code of the delegation that broke silence. */
  brokenBy: string | null
  reason: string | null
}

/** Writes a silence procedure into the shared mirror, where every connected member sees it. */
export function mirrorSilence(relay: Relay, d: Declaration, view: SilenceView): Promise<void> {
  return relay.mutate(sharedDocument(d), (doc) => {
    doc.getMap('silence').set(view.id, view)
  })
}

/** Tells the members of the conference that a text was published (map `publications`). */
export function announcePublication(
  relay: Relay,
  d: Declaration,
  published: PublicationSummary,
): Promise<void> {
  return relay.mutate(sharedDocument(d), (doc) => {
    doc.getMap('publications').set(published.id, {
      id: published.id,
      kind: published.kind,
      title: published.title,
      publishedAt: published.publishedAt,
      url: `/texts/${published.id}`,
    })
  })
}

/** Re-checks the live connections to a declaration's documents after its stage changed. */
export function revalidateDeclaration(relay: Relay, d: Declaration): Promise<void> {
  const prefix = documentName({
    kind: 'draft',
    conferenceId: d.conferenceId,
    declarationId: d.id,
  }).replace(/draft$/, '')
  return relay.revalidate((connection) => connection.documentName.startsWith(prefix))
}
