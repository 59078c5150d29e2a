import { Editor, type JSONContent } from '@tiptap/core'
import type * as Y from 'yjs'
import { declarationExtensions } from '../src/index.js'

/** An id generator that counts: deterministic ids for example-based tests. */
export function countingIds(prefix = 'id'): () => string {
  let next = 0
  return () => `${prefix}${String(next++).padStart(4, '0')}`
}

/** A mounted TipTap editor with the declaration extensions (needs happy-dom). */
export function createEditor(
  options: { content?: JSONContent; document?: Y.Doc; generateId?: () => string } = {},
): Editor {
  const { content, ...extensionOptions } = options
  return new Editor({
    element: document.createElement('div'),
    extensions: declarationExtensions(extensionOptions),
    ...(content ? { content } : {}),
  })
}

/** The top-level blocks of an editor as plain data. */
export function blocksOf(editor: Editor) {
  const blocks: { pid: string; kind: string; label: string; text: string; pos: number }[] = []
  editor.state.doc.forEach((node, pos) => {
    blocks.push({
      pid: node.attrs.pid,
      kind: node.attrs.kind,
      label: node.attrs.label,
      text: node.textContent,
      pos,
    })
  })
  return blocks
}

/** Lets queued microtasks (deferred identity repairs) run. */
export async function settle(): Promise<void> {
  for (let round = 0; round < 5; round++) await Promise.resolve()
}
