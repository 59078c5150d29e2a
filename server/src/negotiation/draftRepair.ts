import * as Y from 'yjs'
import type { RepairOp, RepairReason } from './judgeDraftChange.js'

/**
 * Carries out a repair on the draft, inside one transaction. Each op finds its place by the Yjs
 * item it was planned on, so edits stored in between do not shift it; ops run in the order
 * planned (later text first), which keeps restored runs in their order.
 */
export function applyRepair(doc: Y.Doc, ops: readonly RepairOp[]): number {
  let applied = 0
  doc.transact(() => {
    for (const op of ops) {
      const place = Y.createAbsolutePositionFromRelativePosition(op.at, doc)
      if (op.kind === 'block') {
        if (!place || !(place.type instanceof Y.XmlFragment)) continue
        const element = new Y.XmlElement(op.nodeName)
        for (const [key, value] of Object.entries(op.attributes))
          element.setAttribute(key, value as string)
        element.insert(
          0,
          op.texts.map((delta) => {
            const text = new Y.XmlText()
            text.applyDelta(delta)
            return text
          }),
        )
        place.type.insert(place.index, [element])
        applied++
        continue
      }
      if (!place || !(place.type instanceof Y.XmlText)) continue
      const text = place.type
      if (op.kind === 'insert') text.insert(place.index, op.str, op.attributes)
      else if (op.kind === 'format') text.format(place.index, op.length, op.attributes)
      else text.delete(place.index, Math.min(op.length, text.length - place.index))
      applied++
    }
  })
  return applied
}

function quote(text: string): string {
  const short = text.length > 60 ? `${text.slice(0, 57)}…` : text
  return `“${short}”`
}

/** The sentences a notice shows its reader, one per reason. */
export function noticeMessages(
  reasons: readonly RepairReason[],
  paragraphLabel: (pid: string) => string,
): string[] {
  return reasons.map((r) => {
    const where = paragraphLabel(r.paragraphId)
    switch (r.code) {
      case 'restoredProposal':
        return `${where}: ${quote(r.text)} is part of ${r.delegation}’s proposal, which only ${r.delegation} may change; it was put back.`
      case 'agreedRestored':
        return `${where} is agreed text; it was put back as agreed, undoing ${quote(r.text)}. The secretariat reopens a paragraph before it changes.`
      case 'removedFromBracket':
        return `${where}: ${quote(r.text)} was typed inside ${r.delegation}’s proposal and was removed; add it outside the brackets as your own proposal.`
      default:
        return `${where}: your change ${quote(r.text)} became your delegation’s proposal ${r.proposalId}; in negotiation the secretariat holds the pen.`
    }
  })
}
