import { documentName } from '@accord/protocol'
import type { Declaration } from '../directory/Conferences.js'

/** The draft document of a declaration. */
export function draftName(d: Pick<Declaration, 'id' | 'conferenceId'>): string {
  return documentName({ kind: 'draft', conferenceId: d.conferenceId, declarationId: d.id })
}

/** The shared mirror of a declaration. */
export function sharedName(d: Pick<Declaration, 'id' | 'conferenceId'>): string {
  return documentName({ kind: 'shared', conferenceId: d.conferenceId, declarationId: d.id })
}
