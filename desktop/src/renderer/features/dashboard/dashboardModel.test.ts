import { describe, expect, it } from 'vitest'
import type { Delegation, PositionEntry, PositionValue } from '../../api/types'
import type { MirrorSnapshot } from '../../connection/MirrorSnapshot'
import type { DraftParagraph } from '../matrix/readParagraphs'
import { buildDashboard } from './dashboardModel'

const delegation = (code: string, decides: boolean): Delegation => ({
  id: code.toLowerCase(),
  conferenceId: 'c1',
  code,
  name: code,
  kind: decides ? 'member' : 'organization',
  decides,
})
const delegations = [delegation('BRA', true), delegation('DEU', true), delegation('OECD', false)]
const paragraphs: DraftParagraph[] = ['a', 'b', 'c', 'd'].map((pid, order) => ({
  pid,
  kind: 'operative',
  label: pid.toUpperCase(),
  order,
}))

function entry(pid: string, code: string, value: PositionValue): [string, PositionEntry] {
  const decides = code !== 'OECD'
  return [
    code,
    {
      paragraphId: pid,
      delegation: code,
      decides,
      value,
      amendment: null,
      note: null,
      setBy: 'x',
      setAt: 1,
    },
  ]
}

const mirror: MirrorSnapshot = {
  positions: new Map([
    ['a', new Map([entry('a', 'BRA', 'objection'), entry('a', 'OECD', 'objection')])],
    ['b', new Map([entry('b', 'BRA', 'objection'), entry('b', 'DEU', 'support')])],
    ['c', new Map([entry('c', 'DEU', 'objection')])],
    // A paragraph no longer in the draft keeps its entries; they do not count.
    ['gone', new Map([entry('gone', 'DEU', 'objection')])],
  ]),
  statuses: new Map([
    ['b', { status: 'agreed', pendingDelegation: null, setAt: 1 }],
    ['c', { status: 'ad_ref', pendingDelegation: null, setAt: 1 }],
    ['gone', { status: 'agreed', pendingDelegation: null, setAt: 1 }],
  ]),
  consensus: new Map(),
  comments: [],
  notices: [],
}

describe('buildDashboard', () => {
  it('counts the draft paragraphs by status, a missing status being open', () => {
    const d = buildDashboard(paragraphs, delegations, mirror)
    expect(d.byStatus).toEqual({ open: 2, ad_ref: 1, pending: 0, agreed: 1 })
    expect(d.total).toBe(4)
  })

  it('ranks objections (advisory ones marked) and awaited positions (deciding only, not agreed)', () => {
    const d = buildDashboard(paragraphs, delegations, mirror)
    expect(d.mostObjections.map((x) => [x.code, x.count, x.decides])).toEqual([
      ['BRA', 2, true],
      ['DEU', 1, true],
      ['OECD', 1, false],
    ])
    // a: DEU silent; c: BRA silent; d: both silent; b is agreed.
    expect(d.mostAwaited.map((x) => [x.code, x.count])).toEqual([
      ['BRA', 2],
      ['DEU', 2],
    ])
  })

  it('keeps the top of each ranking', () => {
    expect(buildDashboard(paragraphs, delegations, mirror, 1).mostObjections).toHaveLength(1)
  })
})
