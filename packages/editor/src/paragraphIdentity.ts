import { Extension } from '@tiptap/core'
import { isHistoryTransaction } from '@tiptap/pm/history'
import { type EditorState, Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import { Mapping } from '@tiptap/pm/transform'
import type { EditorView } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { generateParagraphId, type ParagraphIdGenerator } from './paragraphId.js'
import {
  type IdentityFix,
  needsParagraphIdentityRepair,
  planParagraphIdentity,
} from './planParagraphIdentity.js'

/** Options of {@link ParagraphIdentity}. */
export interface ParagraphIdentityOptions {
  /** Source of new paragraph ids; random by default. */
  generateId: ParagraphIdGenerator
}

/** The identity plugin's key; its meta on a transaction lists the ids that transaction issued. */
export const paragraphIdentityKey = new PluginKey<null>('paragraphIdentity')

/**
 * Transaction meta: the ids this transaction brings are to be kept even if the document did not
 * hold them (loading a saved declaration with `setContent`). Duplicates are still repaired.
 */
export const PRESERVE_PARAGRAPH_IDS = 'preserveParagraphIds'

interface IssuedMeta {
  issued: string[]
}

function applyFixes(tr: Transaction, fixes: readonly IdentityFix[]): Transaction {
  for (const { pos, pid, kind, label, identity } of fixes) {
    const node = tr.doc.nodeAt(pos)!
    tr.setNodeMarkup(pos, undefined, { ...node.attrs, pid, kind, label, identity })
  }
  const meta: IssuedMeta = { issued: fixes.map((fix) => fix.pid) }
  return tr.setMeta(paragraphIdentityKey, meta)
}

/** Whether the transaction mirrors a Yjs change (remote update, Yjs undo/redo, first render). */
function isYjsChange(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true
}

/**
 * The ProseMirror plugin behind {@link ParagraphIdentity}. Local changes are repaired in
 * `appendTransaction`, in the same dispatch, so Yjs (and every other client) only ever sees
 * valid ids. Changes that come from Yjs are repaired one microtask later: y-prosemirror applies
 * them inside its mutex, and anything appended then would stay in ProseMirror and never reach Yjs.
 *
 * Only changes from Yjs can merge two clients' identities into one block; those repairs restore
 * the block's sealed identity (see `sealIdentity`), which every client reads alike.
 */
export function paragraphIdentityPlugin({
  generateId = generateParagraphId,
}: Partial<ParagraphIdentityOptions> = {}): Plugin {
  let scheduled = false
  const scheduleRepair = (view: EditorView) => {
    if (scheduled) return
    scheduled = true
    queueMicrotask(() => {
      scheduled = false
      if (view.isDestroyed) return
      // No origin: a Yjs change replaces the whole document, so no block can be traced to the
      // original's text; the first keeps the id, and every client, applying the same rule to the
      // same merged state, picks the same keeper.
      const fixes = planParagraphIdentity(view.state.doc, { generateId, restoreSealed: true })
      if (fixes.length === 0) return
      // Not undoable: undoing a repair would only bring the duplicate back.
      view.dispatch(applyFixes(view.state.tr, fixes).setMeta('addToHistory', false))
    })
  }

  return new Plugin({
    key: paragraphIdentityKey,
    appendTransaction(transactions, oldState: EditorState, newState: EditorState) {
      if (!transactions.some((tr) => tr.docChanged)) return null
      if (transactions.some(isYjsChange)) return null
      const restoring = transactions.some(
        (tr) => isHistoryTransaction(tr) || tr.getMeta(PRESERVE_PARAGRAPH_IDS) === true,
      )
      const mapping = new Mapping()
      const issued = new Set<string>()
      for (const tr of transactions) {
        mapping.appendMapping(tr.mapping)
        const meta = tr.getMeta(paragraphIdentityKey) as IssuedMeta | undefined
        for (const pid of meta?.issued ?? []) issued.add(pid)
      }
      const fixes = planParagraphIdentity(newState.doc, {
        generateId,
        origin: { before: oldState.doc, mapping, renewUnknownIds: !restoring, issued },
      })
      return fixes.length === 0 ? null : applyFixes(newState.tr, fixes)
    },
    view(view) {
      const check = (current: EditorView) => {
        if (needsParagraphIdentityRepair(current.state.doc)) scheduleRepair(current)
      }
      check(view)
      return { update: check }
    },
  })
}

/**
 * Gives every top-level block a unique, never-reused paragraph id and a working label:
 * blocks made by splitting, pasting or duplicating get a new id and label, joins keep the
 * surviving block's, and undo restores the old ones. See {@link planParagraphIdentity}.
 */
export const ParagraphIdentity = Extension.create<ParagraphIdentityOptions>({
  name: 'paragraphIdentity',

  addOptions() {
    return { generateId: generateParagraphId }
  },

  addProseMirrorPlugins() {
    return [paragraphIdentityPlugin(this.options)]
  },
})
