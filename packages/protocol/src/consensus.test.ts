import { describe, expect, it } from 'vitest'
import { consensusOf, type PositionView } from './consensus.js'

const deciding = ['BRA', 'FRA', 'JPN']
const p = (delegation: string, value: PositionView['value'], decides = true): PositionView => ({
  delegation,
  decides,
  value,
})

describe('consensus of a paragraph counts deciding delegations only', () => {
  it.each([
    [
      'nobody responded',
      [],
      0,
      { ready: true, blockedBy: [], amendmentsBy: [], waitingFor: deciding },
    ],
    [
      'everyone supports',
      [p('BRA', 'support'), p('FRA', 'flexible'), p('JPN', 'reservation')],
      0,
      { ready: true, blockedBy: [], amendmentsBy: [], waitingFor: [] },
    ],
    [
      'one objects',
      [p('JPN', 'objection'), p('FRA', 'support')],
      0,
      { ready: false, blockedBy: ['JPN'], amendmentsBy: [], waitingFor: ['BRA'] },
    ],
    [
      'an amendment is open',
      [p('FRA', 'amendment')],
      0,
      { ready: false, blockedBy: [], amendmentsBy: ['FRA'], waitingFor: ['BRA', 'JPN'] },
    ],
    [
      'a proposal is open',
      [p('BRA', 'support'), p('FRA', 'support'), p('JPN', 'support')],
      2,
      { ready: false, blockedBy: [], amendmentsBy: [], waitingFor: [] },
    ],
    [
      'an advisory objection never blocks',
      [p('B20', 'objection', false), p('OECD', 'amendment', false)],
      0,
      { ready: true, blockedBy: [], amendmentsBy: [], waitingFor: deciding },
    ],
  ] as const)('%s', (_name, positions, openProposals, expected) => {
    const state = consensusOf({ deciding, positions: [...positions], openProposals })
    expect(state).toMatchObject(expected)
    expect(state.advisory.every((a) => !deciding.includes(a.delegation) || !a.decides)).toBe(true)
  })

  it('lists advisory positions separately', () => {
    const state = consensusOf({
      deciding,
      positions: [p('B20', 'objection', false), p('JPN', 'support')],
      openProposals: 0,
    })
    expect(state.advisory).toEqual([p('B20', 'objection', false)])
  })
})
