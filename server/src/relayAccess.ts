import {
  EDITOR_SCHEMA_VERSION,
  isCompatibleEditorVersion,
  MIN_COMPATIBLE_EDITOR_SCHEMA_VERSION,
} from '@accord/editor'
import { CloseCode, decideAccess, parseDocumentName } from '@accord/protocol'
import { SESSION_COOKIE } from './middleware/sessionAuth.js'
import type { Services } from './services.js'
import type { AccessGrant, Authorize } from './sync/RelaySocket.js'

/** Colours for carets, chosen per user so that everyone sees the same colour for a person. */
const PALETTE = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#e377c2',
  '#17becf',
  '#bcbd22',
  '#ff7f0e',
  '#7f7f7f',
]

function colourOf(userId: string): string {
  let hash = 0
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return PALETTE[hash % PALETTE.length]!
}

function cookieValue(header: string | null, name: string): string | null {
  if (!header) return null
  for (const part of header.split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return decodeURIComponent(value.join('='))
  }
  return null
}

/**
 * The relay's access hook: the session from the `token` query parameter (desktop, tools) or the
 * session cookie (web client), the user's current memberships, the declaration's stage, and the
 * one access policy. The token is read here and never logged.
 */
export function relayAccess(services: Omit<Services, 'relay' | 'negotiation'>): Authorize {
  return async (request, documentName): Promise<AccessGrant> => {
    const params = new URL(request.url).searchParams
    const token = params.get('token') ?? cookieValue(request.headers.get('cookie'), SESSION_COOKIE)
    const session = token ? await services.sessions.validate(token) : null
    const user = session ? await services.accounts.byId(session.userId) : null
    if (!session || !user) return { access: 'deny', unauthenticated: true }
    const document = parseDocumentName(documentName)
    if (!document) return { access: 'deny' }
    // The draft is edited through the one schema; an editor of another version could write
    // content this server misreads, or drop attributes it does not know.
    const editor = params.get('editor')
    if (document.kind === 'draft' && !isCompatibleEditorVersion(editor)) {
      return {
        access: 'deny',
        refusal: {
          code: CloseCode.IncompatibleClient,
          // A missing parameter is a client that forgot to say, not an outdated one: say what
          // to send. (A close reason holds at most 123 bytes.)
          reason:
            editor === null
              ? `a draft needs the editor parameter: connect with ?editor=${EDITOR_SCHEMA_VERSION}`
              : `editor schema ${editor} is not supported (this server: ${MIN_COMPATIBLE_EDITOR_SCHEMA_VERSION}-${EDITOR_SCHEMA_VERSION}); update Accord`,
        },
      }
    }
    let stage = null
    if (document.kind !== 'secretariat') {
      const declaration = await services.conferences.declaration(
        document.conferenceId,
        document.declarationId,
      )
      if (!declaration) return { access: 'deny' }
      stage = declaration.stage
    }
    const memberships = await services.conferences.membershipsOf(user.id)
    const access = decideAccess({
      memberships,
      resource: { type: 'document', document },
      stage,
      action: 'open',
    })
    const membership = memberships.find((m) => m.conferenceId === document.conferenceId)
    let delegation: string | null = null
    if (membership?.delegationId) {
      delegation = (
        await services.conferences.delegation(document.conferenceId, membership.delegationId)
      ).code
    }
    if (access === 'deny') {
      await services.audit.record({
        actorUserId: user.id,
        action: 'document.open',
        outcome: 'denied',
        conferenceId: document.conferenceId,
        target: documentName,
      })
    }
    return {
      access,
      principal: {
        userId: user.id,
        sessionId: session.id,
        name: user.name,
        delegation,
        color: colourOf(user.id),
      },
    }
  }
}
