import { lockedParagraphs, PARAGRAPH_LOCKED_CLASS, ParagraphLocks } from '@accord/editor'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin } from '@tiptap/pm/state'
import { Decoration, DecorationSet } from '@tiptap/pm/view'

function decorate(doc: PMNode, locked: ReadonlySet<string>): DecorationSet {
  if (locked.size === 0) return DecorationSet.empty
  const decorations: Decoration[] = []
  doc.forEach((node, pos) => {
    if (locked.has(node.attrs.pid)) {
      decorations.push(
        Decoration.node(pos, pos + node.nodeSize, {
          class: PARAGRAPH_LOCKED_CLASS,
          'data-locked': 'true',
        }),
      )
    }
  })
  return DecorationSet.create(doc, decorations)
}

/**
 * `ParagraphLocks` from the editor package, with its refusal of edits unchanged, but decorated
 * without `aria-readonly`: that attribute is not allowed on a paragraph (axe reports it as a
 * critical `aria-allowed-attr` violation), so the lock is marked with a class and a data
 * attribute, and said in words by the gutter and the side panel ("Agreed").
 */
export const AccessibleParagraphLocks = ParagraphLocks.extend({
  addProseMirrorPlugins() {
    return (this.parent?.() ?? []).map(
      (plugin) =>
        new Plugin({
          ...plugin.spec,
          props: {
            ...plugin.spec.props,
            decorations: (state) => decorate(state.doc, lockedParagraphs(state)),
          },
        }),
    )
  },
})
