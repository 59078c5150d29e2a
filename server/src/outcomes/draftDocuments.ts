import { documentName } from '@accord/protocol'
import type { Declaration } from '../directory/Conferences.js'

/** The draft document of a declaration. */
export function draftDocument(d: Declaration): string {
  return documentName({ kind: 'draft', conferenceId: d.conferenceId, declarationId: d.id })
}

/** The shared (server-written) mirror of a declaration. */
export function sharedDocument(d: Declaration): string {
  return documentName({ kind: 'shared', conferenceId: d.conferenceId, declarationId: d.id })
}
