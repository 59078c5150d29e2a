import { documentNameProblem } from './documentName.js'

/** The kinds of Yjs document Accord relays. */
export const DOCUMENT_KINDS = ['draft', 'shared', 'delegation', 'secretariat'] as const
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]

/**
 * What a document name refers to.
 * - `draft`: the declaration text, co-edited through TipTap.
 * - `shared`: the server-written mirror of a declaration's positions, comments and statuses.
 * - `delegation`: one delegation's private mirror and notes for a declaration.
 * - `secretariat`: the secretariat's workspace for a conference.
 */
export type DocumentRef =
  | {
      readonly kind: 'draft' | 'shared'
      readonly conferenceId: string
      readonly declarationId: string
    }
  | {
      readonly kind: 'delegation'
      readonly conferenceId: string
      readonly declarationId: string
      readonly delegationId: string
    }
  | { readonly kind: 'secretariat'; readonly conferenceId: string }

/** The canonical name of a document. */
export function documentName(ref: DocumentRef): string {
  switch (ref.kind) {
    case 'draft':
    case 'shared':
      return `conference/${ref.conferenceId}/declaration/${ref.declarationId}/${ref.kind}`
    case 'delegation':
      return `conference/${ref.conferenceId}/declaration/${ref.declarationId}/delegation/${ref.delegationId}`
    case 'secretariat':
      return `conference/${ref.conferenceId}/secretariat`
  }
}

/** The document a canonical name refers to, or null for any other name. */
export function parseDocumentName(name: string): DocumentRef | null {
  if (documentNameProblem(name) !== null) return null
  const parts = name.split('/')
  if (parts[0] !== 'conference' || parts.length < 3) return null
  const conferenceId = parts[1]!
  if (parts.length === 3 && parts[2] === 'secretariat') return { kind: 'secretariat', conferenceId }
  if (parts[2] !== 'declaration') return null
  const declarationId = parts[3]
  if (declarationId === undefined) return null
  if (parts.length === 5 && (parts[4] === 'draft' || parts[4] === 'shared')) {
    return { kind: parts[4], conferenceId, declarationId }
  }
  if (parts.length === 6 && parts[4] === 'delegation') {
    return { kind: 'delegation', conferenceId, declarationId, delegationId: parts[5]! }
  }
  return null
}
