/** What a delegation says about a paragraph. */
export const POSITION_VALUES = [
  'support',
  'flexible',
  'reservation',
  'objection',
  'amendment',
] as const
export type PositionValue = (typeof POSITION_VALUES)[number]

/** The statuses of a paragraph. `pending` is "agreed pending delegation X". */
export const PARAGRAPH_STATUSES = ['open', 'ad_ref', 'pending', 'agreed'] as const
export type ParagraphStatus = (typeof PARAGRAPH_STATUSES)[number]

/** One delegation's current position on a paragraph. */
export interface PositionView {
  /** The delegation's code (JPN, EU, B20). */
  readonly delegation: string
  /** Whether its objection blocks consensus (members only). */
  readonly decides: boolean
  readonly value: PositionValue
}

/** Where a paragraph stands, computed from the deciding delegations only. */
export interface ConsensusState {
  /** No objection, no open amendment, no open proposal. */
  readonly ready: boolean
  /** Deciding delegations that object. */
  readonly blockedBy: string[]
  /** Deciding delegations that propose an amendment not yet taken up. */
  readonly amendmentsBy: string[]
  /** Deciding delegations that have not responded. */
  readonly waitingFor: string[]
  /** Open proposals (brackets) in the paragraph's text. */
  readonly openProposals: number
  /** Positions of advisory delegations (guests, organizations, stakeholder groups): shown, never blocking. */
  readonly advisory: PositionView[]
}

/**
 * The consensus state of one paragraph. Only deciding delegations count; silence is not an
 * objection, so `ready` does not wait for every delegation to respond — `waitingFor` says who
 * has not, for the secretariat to chase.
 */
export function consensusOf(input: {
  /** Codes of every deciding delegation of the conference. */
  readonly deciding: readonly string[]
  readonly positions: readonly PositionView[]
  readonly openProposals: number
}): ConsensusState {
  const deciding = new Set(input.deciding)
  const counted = input.positions.filter((p) => p.decides && deciding.has(p.delegation))
  const responded = new Set(counted.map((p) => p.delegation))
  const blockedBy = counted
    .filter((p) => p.value === 'objection')
    .map((p) => p.delegation)
    .sort()
  const amendmentsBy = counted
    .filter((p) => p.value === 'amendment')
    .map((p) => p.delegation)
    .sort()
  return {
    ready: blockedBy.length === 0 && amendmentsBy.length === 0 && input.openProposals === 0,
    blockedBy,
    amendmentsBy,
    waitingFor: [...deciding].filter((code) => !responded.has(code)).sort(),
    openProposals: input.openProposals,
    advisory: input.positions.filter((p) => !p.decides || !deciding.has(p.delegation)),
  }
}
