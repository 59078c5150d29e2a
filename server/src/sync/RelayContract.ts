// The relay's contract with the application: who a connection is, what it may do, and the
// rules on content the relay applies without knowing them. The application implements these;
// the relay core only calls them.
import type * as Y from 'yjs'

/** What the relay decides for a connection to a document. */
export type Access = 'deny' | 'read' | 'write'

/** Who is behind a connection, as the session says; stamped into their awareness state. */
export interface Principal {
  readonly userId: string
  readonly sessionId: string
  readonly name: string
  /** The delegation's code, or null for the secretariat. */
  readonly delegation: string | null
  readonly color: string
}

/** A decision with the identity behind it. `unauthenticated` denials close with 4401, others with 4403. */
export interface AccessGrant {
  readonly access: Access
  readonly principal?: Principal
  readonly unauthenticated?: boolean
  /** For a denial: the close code to use instead of 4401/4403, and why. */
  readonly refusal?: { readonly code: number; readonly reason: string }
}

/** Rules about content that the relay applies for the application, without knowing them. */
export interface DocumentRules {
  /**
   * Takes note of a document's state before a client's update is applied (only called when it
   * may matter); what it returns is handed to `vet` with the state after.
   */
  observe?(documentName: string, principal: Principal | null, doc: Y.Doc): unknown
  /**
   * Judges what an applied update did, before anyone sees it: returns why it is refused, or
   * null. A refused update is rolled back (the document is reloaded from the log).
   */
  vet?(
    documentName: string,
    principal: Principal | null,
    before: unknown,
    doc: Y.Doc,
  ): string | null
  /**
   * Told after a client's updates to a document were stored and relayed: once per batch (see
   * `CommitPipeline`) and principal, however many of its updates the batch held.
   */
  stored?(documentName: string, principal: Principal | null): void
}

/**
 * The access hook: decides, per request and document, whether a connection may read or write.
 * The relay calls it when a connection opens and again whenever `Relay.revalidate` says the
 * answer may have changed (a member removed, a session ended, a stage changed).
 */
export type Authorize = (
  request: Request,
  documentName: string,
) => Access | AccessGrant | Promise<Access | AccessGrant>

/** The grant form of an answer. */
export function toGrant(answer: Access | AccessGrant): AccessGrant {
  return typeof answer === 'string' ? { access: answer } : answer
}
