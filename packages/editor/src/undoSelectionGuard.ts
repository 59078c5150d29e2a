import { Extension } from '@tiptap/core'
import { Plugin, PluginKey } from '@tiptap/pm/state'
import { ySyncPluginKey, yUndoPluginKey } from '@tiptap/y-tiptap'

interface StoredSelection {
  absAnchor: number | null
  absHead: number | null
}

/**
 * Works around an open y-tiptap bug (upstream issue 48 of y-tiptap, present in 3.0.7–3.0.9):
 * undo restores the selection stored with the undo item, including absolute positions taken
 * from the document as it was then. When the document has since shrunk below them, y-tiptap
 * resolves them against the current document inside its Yjs observer and throws "Position N out
 * of range", after Yjs has already changed: ProseMirror and Yjs then disagree. The property tests
 * of paragraph ids hit it within a few random steps.
 *
 * The guard runs right after y-tiptap's own `stack-item-popped` handler and drops absolute
 * positions that no longer fit, so y-tiptap falls back on the Yjs relative positions it stored
 * alongside (its own behaviour when it has no absolute ones). Remove it once y-tiptap checks the
 * range itself.
 */
export const UndoSelectionGuard = Extension.create({
  name: 'undoSelectionGuard',

  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('undoSelectionGuard'),
        view(view) {
          const undoManager = yUndoPluginKey.getState(view.state)?.undoManager
          const binding = ySyncPluginKey.getState(view.state)?.binding
          if (!undoManager || !binding) return {}
          const guard = () => {
            const stored = binding.beforeTransactionSelection as StoredSelection | null
            if (!stored) return
            const size = view.state.doc.content.size
            const fits = (pos: number | null) => pos === null || pos <= size
            if (fits(stored.absAnchor) && fits(stored.absHead)) return
            binding.beforeTransactionSelection = { ...stored, absAnchor: null, absHead: null }
          }
          undoManager.on('stack-item-popped', guard)
          return { destroy: () => undoManager.off('stack-item-popped', guard) }
        },
      }),
    ]
  },
})
