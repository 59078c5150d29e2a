import { getSchema } from '@tiptap/core'
import { declarationExtensions } from './extensions.js'

/**
 * The ProseMirror schema of a declaration, built from the same extension list as the editor, so
 * the server validates and converts exactly what clients write. Needs no DOM.
 */
export const declarationSchema = getSchema(declarationExtensions())
