import type { Extensions } from '@tiptap/core'
import { Bold } from '@tiptap/extension-bold'
import { Collaboration } from '@tiptap/extension-collaboration'
import { Document } from '@tiptap/extension-document'
import { Italic } from '@tiptap/extension-italic'
import { Text } from '@tiptap/extension-text'
import type * as Y from 'yjs'
import { DeclarationBlock } from './declarationBlock.js'
import type { ParagraphIdGenerator } from './paragraphId.js'
import { ParagraphIdentity } from './paragraphIdentity.js'
import { Proposal } from './proposalMark.js'
import { UndoSelectionGuard } from './undoSelectionGuard.js'

/** The name of the Y.XmlFragment holding the declaration text (TipTap's default field). */
export const DECLARATION_FIELD = 'default'

/** Options of {@link declarationExtensions}. */
export interface DeclarationExtensionsOptions {
  /** Collaborate on this Y.Doc (adds TipTap's Collaboration and its undo/redo). */
  document?: Y.Doc
  /** The Y.XmlFragment inside `document`; defaults to {@link DECLARATION_FIELD}. */
  field?: string
  /** Source of new paragraph ids; random by default. */
  generateId?: ParagraphIdGenerator
}

/**
 * The one TipTap extension list of a declaration, shared by the client editor and the server.
 * Without `document` it is schema-only and needs no browser (see `declarationSchema`).
 * It deliberately has no history of its own: with Yjs, undo belongs to Collaboration, which only
 * undoes this client's changes.
 */
export function declarationExtensions(options: DeclarationExtensionsOptions = {}): Extensions {
  const { document, field = DECLARATION_FIELD, generateId } = options
  const extensions: Extensions = [
    Document,
    Text,
    DeclarationBlock,
    Bold,
    Italic,
    Proposal,
    generateId ? ParagraphIdentity.configure({ generateId }) : ParagraphIdentity,
  ]
  if (document) extensions.push(Collaboration.configure({ document, field }), UndoSelectionGuard)
  return extensions
}
