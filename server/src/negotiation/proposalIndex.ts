import { declarationBlocks, readBlock } from '@accord/editor'
import type * as Y from 'yjs'

/** One proposal id as the draft holds it: whose, and a fingerprint of all of it. */
export interface IndexedProposal {
  /** The delegation of its first run in reading order: the id's owner. */
  readonly delegation: string
  /** Every delegation that has a run under this id (more than one only in forged state). */
  readonly delegations: ReadonlySet<string>
  /** Its words, all runs in reading order. */
  readonly text: string
  /**
   * Who, what kind, which alternative, and the exact words, with a break wherever anything else
   * sits between two of its runs in one paragraph: a bracket split by other text is changed.
   * Runs in different paragraphs join without a break, so splitting or joining paragraphs moves
   * a bracket without changing it.
   */
  readonly print: string
}

/** Every proposal of a draft, by id. */
export function proposalIndex(doc: Y.Doc): Map<string, IndexedProposal> {
  const found = new Map<
    string,
    { delegation: string; delegations: Set<string>; text: string; print: string }
  >()
  // The previous run carries over from one paragraph to the next: a bracket that a paragraph
  // break cut in two reads as one.
  let previousId: string | null = null
  let previousHead = ''
  for (const { element } of declarationBlocks(doc)) {
    const seenHere = new Set<string>()
    for (const run of readBlock(element).runs) {
      const proposal = run.proposal
      if (!proposal) {
        previousId = null
        previousHead = ''
        continue
      }
      let entry = found.get(proposal.id)
      if (!entry) {
        entry = { delegation: proposal.delegation, delegations: new Set(), text: '', print: '' }
        found.set(proposal.id, entry)
      }
      entry.delegations.add(proposal.delegation)
      const head = JSON.stringify([proposal.delegation, proposal.action, proposal.alternative])
      const split = seenHere.has(proposal.id) && previousId !== proposal.id ? '\u2029' : ''
      const continues = previousId === proposal.id && previousHead === head
      entry.text += run.text
      entry.print += continues ? run.text : `${split}${head}${run.text}`
      seenHere.add(proposal.id)
      previousId = proposal.id
      previousHead = head
    }
  }
  return found
}
