import { type ParagraphKind, PROPOSAL_MARK, type ProposalAttributes } from '@accord/editor'
import type { Node as PMNode } from '@tiptap/pm/model'

/** One proposal (bracket) of a paragraph, with its words. */
export interface ParagraphProposal extends ProposalAttributes {
  text: string
}

/** A top-level block as the UI needs it. */
export interface ParagraphInfo {
  readonly pid: string
  readonly kind: ParagraphKind
  readonly label: string
  /** Position of the block in the ProseMirror document. */
  readonly pos: number
  readonly text: string
  readonly proposals: readonly ParagraphProposal[]
}

/** The blocks of the editor's document, in order, with their proposals merged by id. */
export function paragraphsOf(doc: PMNode): ParagraphInfo[] {
  const list: ParagraphInfo[] = []
  doc.forEach((node, pos) => {
    const proposals: ParagraphProposal[] = []
    node.forEach((child) => {
      if (!child.isText) return
      const mark = child.marks.find((m) => m.type.name === PROPOSAL_MARK)
      if (!mark) return
      const attrs = mark.attrs as ProposalAttributes
      const existing = proposals.find((p) => p.id === attrs.id && p.delegation === attrs.delegation)
      if (existing) existing.text += child.text ?? ''
      else proposals.push({ ...attrs, text: child.text ?? '' })
    })
    list.push({
      pid: String(node.attrs.pid ?? ''),
      kind: node.attrs.kind as ParagraphKind,
      label: String(node.attrs.label ?? ''),
      pos,
      text: node.textContent,
      proposals,
    })
  })
  return list
}

/** The paragraph that holds document position `pos`. */
export function paragraphAt(doc: PMNode, pos: number): { pid: string; pos: number } | null {
  if (doc.childCount === 0) return null
  const clamped = Math.max(0, Math.min(pos, doc.content.size - 1))
  const index = doc.resolve(clamped).index(0)
  let offset = 0
  for (let i = 0; i < index; i++) offset += doc.child(i).nodeSize
  const node = doc.maybeChild(index)
  return node ? { pid: String(node.attrs.pid ?? ''), pos: offset } : null
}
