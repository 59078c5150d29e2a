import { Extension } from '@tiptap/core'
import type { Node as PMNode } from '@tiptap/pm/model'
import { Plugin, PluginKey, type Transaction } from '@tiptap/pm/state'
import type { Step } from '@tiptap/pm/transform'
import { Decoration, DecorationSet } from '@tiptap/pm/view'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { paragraphIdentityKey } from './paragraphIdentity.js'

/** The class a locked block carries in the editor (not in the document or its HTML). */
export const PARAGRAPH_LOCKED_CLASS = 'paragraph-locked'

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    paragraphLocks: {
      /** Locks exactly these paragraphs (by pid); every other paragraph is unlocked. */
      setLockedParagraphs: (pids: readonly string[]) => ReturnType
    }
  }
}

interface LocksState {
  locked: ReadonlySet<string>
  decorations: DecorationSet
}

/** The locks plugin's key; its state holds the locked pids. */
export const paragraphLocksKey = new PluginKey<LocksState>('paragraphLocks')

/** The pids locked in `state`, e.g. `lockedParagraphs(editor.state)`. */
export function lockedParagraphs(state: Parameters<typeof paragraphLocksKey.getState>[0]) {
  return paragraphLocksKey.getState(state)?.locked ?? new Set<string>()
}

function decorate(doc: PMNode, locked: ReadonlySet<string>): DecorationSet {
  if (locked.size === 0) return DecorationSet.empty
  const decorations: Decoration[] = []
  doc.forEach((node, pos) => {
    if (!locked.has(node.attrs.pid)) return
    decorations.push(
      Decoration.node(pos, pos + node.nodeSize, {
        class: PARAGRAPH_LOCKED_CLASS,
        'aria-readonly': 'true',
      }),
    )
  })
  return DecorationSet.create(doc, decorations)
}

/** The ranges of `doc` (the doc before `step`) that `step` changes, as [from, to] pairs. */
function touchedRanges(step: Step, doc: PMNode): [number, number][] {
  const ranges: [number, number][] = []
  step.getMap().forEach((from, to) => {
    ranges.push([from, to])
  })
  // Mark and attribute steps change no positions, so their step map is empty: read their range.
  const { from, to, pos } = step as unknown as { from?: number; to?: number; pos?: number }
  if (typeof from === 'number' && typeof to === 'number') ranges.push([from, to])
  if (typeof pos === 'number') {
    const node = doc.nodeAt(pos)
    ranges.push([pos, pos + (node?.nodeSize ?? 1)])
  }
  return ranges
}

/**
 * Whether `[from, to]` changes the block spanning `[start, end]`: a deletion or replacement that
 * overlaps it, or an insertion strictly inside it. Inserting at its edges puts a new block
 * beside it and leaves it whole.
 */
function touches(from: number, to: number, start: number, end: number): boolean {
  return from === to ? from > start && from < end : from < end && to > start
}

/** Whether `tr` changes the content or attributes of a locked top-level block, or deletes it. */
export function changesLockedParagraph(tr: Transaction, locked: ReadonlySet<string>): boolean {
  if (locked.size === 0) return false
  return tr.steps.some((step, index) => {
    const doc = tr.docs[index]!
    const ranges = touchedRanges(step, doc)
    let hit = false
    doc.forEach((node, start) => {
      if (hit || !locked.has(node.attrs.pid)) return
      const end = start + node.nodeSize
      hit = ranges.some(([from, to]) => touches(from, to, start, end))
    })
    return hit
  })
}

/**
 * Agreed text is read-only: the editor refuses any local change to a locked paragraph (typing,
 * deleting, splitting, joining, changing its kind or marks) and shows it with the class
 * `paragraph-locked` and `aria-readonly`. The server enforces the same rule; this only keeps
 * a delegate from typing what would be reverted. Changes from Yjs are never refused: refusing
 * them would leave this editor out of step with the Y.Doc it mirrors.
 */
export const ParagraphLocks = Extension.create({
  name: 'paragraphLocks',

  addCommands() {
    return {
      setLockedParagraphs:
        (pids) =>
        ({ tr, dispatch }) => {
          dispatch?.(tr.setMeta(paragraphLocksKey, [...pids]))
          return true
        },
    }
  },

  addProseMirrorPlugins() {
    return [
      new Plugin<LocksState>({
        key: paragraphLocksKey,
        state: {
          init: () => ({ locked: new Set(), decorations: DecorationSet.empty }),
          apply(tr, value, _old, newState) {
            const pids = tr.getMeta(paragraphLocksKey) as string[] | undefined
            if (pids) {
              const locked = new Set(pids)
              return { locked, decorations: decorate(newState.doc, locked) }
            }
            if (!tr.docChanged || value.locked.size === 0) return value
            return { ...value, decorations: decorate(newState.doc, value.locked) }
          },
        },
        filterTransaction(tr, state) {
          if (!tr.docChanged) return true
          // Remote updates and Yjs undo already happened in the Y.Doc; identity repairs restore
          // ids and seals, not text, and must run on every client alike for them to converge.
          if (tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true) return true
          if (tr.getMeta(paragraphIdentityKey) !== undefined) return true
          return !changesLockedParagraph(tr, lockedParagraphs(state))
        },
        props: {
          decorations: (state) => paragraphLocksKey.getState(state)?.decorations,
        },
      }),
    ]
  },
})
