import { generateParagraphId, PROPOSAL_MARK, SKIP_PROPOSAL_MODE } from '@accord/editor'
import type { Editor } from '@tiptap/core'

/**
 * Adds an alternative to a paragraph as a proposal of `delegation`: new wording (`text`) as an
 * insertion, or "no text" (`text` null), which strikes the paragraph's clean text. Alternatives
 * are numbered after the paragraph's existing ones (Alt 1, Alt 2 …). Every character written is
 * marked with the delegation, as the server requires of a delegate; proposal mode is skipped so
 * that it does not re-mark the alternative as a plain insertion. Returns whether it was applied
 * (a locked paragraph refuses it).
 */
export function proposeAlternative(
  editor: Editor,
  pid: string,
  delegation: string,
  text: string | null,
): boolean {
  const { state } = editor
  const markType = state.schema.marks[PROPOSAL_MARK]
  if (!markType) return false
  let found: { pos: number; node: import('@tiptap/pm/model').Node } | null = null
  state.doc.forEach((node, pos) => {
    if (node.attrs.pid === pid) found = { pos, node }
  })
  if (!found) return false
  const { pos, node } = found as { pos: number; node: import('@tiptap/pm/model').Node }
  let highest = 0
  node.descendants((child) => {
    for (const mark of child.marks) {
      if (mark.type === markType && typeof mark.attrs.alternative === 'number') {
        highest = Math.max(highest, mark.attrs.alternative)
      }
    }
  })
  const mark = markType.create({
    id: generateParagraphId(),
    delegation,
    action: text === null ? 'delete' : 'insert',
    alternative: highest + 1,
  })
  const tr = state.tr.setMeta(SKIP_PROPOSAL_MODE, true)
  if (text === null) {
    let struck = false
    node.forEach((child, offset) => {
      if (!child.isText || child.marks.some((m) => m.type === markType)) return
      const from = pos + 1 + offset
      tr.addMark(from, from + child.nodeSize, mark)
      struck = true
    })
    if (!struck) return false
  } else {
    const words = text.trim()
    if (!words) return false
    tr.insert(pos + node.nodeSize - 1, state.schema.text(words, [mark]))
  }
  editor.view.dispatch(tr)
  return tr.docChanged && editor.state.doc !== state.doc
}
