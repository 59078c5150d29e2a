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
      if (op.kind === 'insert') {
        text.insert(place.index, op.str, op.attributes)
        applied++
        continue
      }
      // A format or a delete acts on the characters it was planned on, wherever they are now:
      // words typed among them since (a batch is repaired after later updates are stored) are
      // not swept in, and words deleted since are not replaced by their neighbours.
      const segments = segmentsOf(text, op.at, op.length)
      if (segments.length === 0) continue
      for (const { index, length } of segments.reverse()) {
        if (op.kind === 'format') text.format(index, length, op.attributes)
        else text.delete(index, length)
      }
      applied++
    }
  })
  return applied
}

/**
 * Where the characters `length` clocks from the item `at` names stand now in `text`, as runs of
 * (index, length) in reading order; deleted characters are left out.
 */
function segmentsOf(
  text: Y.XmlText,
  at: Y.RelativePosition,
  length: number,
): { index: number; length: number }[] {
  const first = at.item
  if (!first) return []
  const end = first.clock + length
  const segments: { index: number; length: number }[] = []
  let index = 0
  for (let item = text._start; item !== null; item = item.right) {
    if (item.deleted || !item.countable) continue
    const { client, clock } = item.id
    const from = Math.max(clock, first.clock)
    const to = Math.min(clock + item.length, end)
    if (client === first.client && from < to) {
      const last = segments.at(-1)
      const start = index + (from - clock)
      if (last && last.index + last.length === start) last.length += to - from
      else segments.push({ index: start, length: to - from })
    }
    index += item.length
  }
  return segments
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
      case 'leftOutOfProposal':
        return `${where}: ${quote(r.text)} was already in the text, so it is not part of your proposal ${r.proposalId}; it was left as it was.`
      case 'removedFromBracket':
        return `${where}: ${quote(r.text)} was typed inside ${r.delegation}’s proposal and was removed; add it outside the brackets as your own proposal.`
      default:
        return `${where}: your change ${quote(r.text)} became your delegation’s proposal ${r.proposalId}; in negotiation the secretariat holds the pen.`
    }
  })
}
