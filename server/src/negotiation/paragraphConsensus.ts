import type { DeclarationParagraph } from '@accord/editor'
import { type ConsensusState, consensusOf, type PositionValue } from '@accord/protocol'
import type { Delegation } from '../directory/Conferences.js'

/** One delegation's current position on a paragraph, as consensus reads it. */
export interface PositionView {
  readonly delegation: string
  readonly decides: boolean
  readonly value: PositionValue
}

/**
 * What the mirrors and the state of play say of one paragraph's consensus: the current
 * positions of the conference's delegations on it, its open brackets (distinct proposal ids),
 * and the consensus state they make. One reading, so that the matrix (from the mirror) and a
 * script (from REST) cannot disagree.
 */
export function paragraphConsensus(
  paragraph: Pick<DeclarationParagraph, 'id' | 'proposals'>,
  positions: readonly { paragraph_id: string; delegation_id: string; value: string }[],
  delegations: ReadonlyMap<string, Delegation>,
  deciding: readonly string[],
): { views: PositionView[]; openBrackets: number; consensus: ConsensusState } {
  const views = positions
    .filter((row) => row.paragraph_id === paragraph.id && delegations.has(row.delegation_id))
    .map((row) => {
      const delegation = delegations.get(row.delegation_id)!
      return {
        delegation: delegation.code,
        decides: delegation.decides,
        value: row.value as PositionValue,
      }
    })
  const openBrackets = new Set(paragraph.proposals.map((p) => p.id)).size
  return {
    views,
    openBrackets,
    consensus: consensusOf({
      deciding: [...deciding],
      positions: views,
      openProposals: openBrackets,
    }),
  }
}
