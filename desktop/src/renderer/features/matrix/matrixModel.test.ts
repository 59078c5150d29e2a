import { consensusOf } from '@accord/protocol'
import { describe, expect, it } from 'vitest'
import type { Delegation, PositionEntry, PositionValue } from '../../api/types'
import type { MirrorSnapshot } from '../../connection/MirrorSnapshot'
import { matrixCsv } from './matrixCsv'
import { buildMatrix, type MatrixOptions } from './matrixModel'
import type { DraftParagraph } from './readParagraphs'

const delegation = (code: string, decides: boolean): Delegation => ({
  id: code.toLowerCase(),
  conferenceId: 'c1',
  code,
  name: `${code} name`,
  kind: decides ? 'member' : 'stakeholder',
  decides,
})
const delegations = [
  delegation('JPN', true),
  delegation('BRA', true),
  delegation('DEU', true),
  delegation('B20', false),
]
const paragraphs: DraftParagraph[] = [
  { pid: 'pp1', kind: 'preambular', label: 'PP1', order: 0 },
  { pid: 'op2', kind: 'operative', label: 'OP2', order: 1 },
  { pid: 'op10', kind: 'operative', label: 'OP10', order: 2 },
  { pid: 'op9', kind: 'operative', label: 'OP9', order: 3 },
]

/** A mirror as the server writes it: positions, statuses, and consensus from the same positions. */
function mirror(
  positions: Record<string, Record<string, PositionValue>>,
  statuses: Record<string, 'open' | 'agreed' | 'pending'> = {},
): MirrorSnapshot {
  const byParagraph = new Map<string, Map<string, PositionEntry>>()
  for (const [pid, values] of Object.entries(positions)) {
    const map = new Map<string, PositionEntry>()
    for (const [code, value] of Object.entries(values)) {
      map.set(code, {
        paragraphId: pid,
        delegation: code,
        decides: delegations.find((d) => d.code === code)!.decides,
        value,
        amendment: null,
        note: null,
        setBy: 'x',
        setAt: 1,
      })
    }
    byParagraph.set(pid, map)
  }
  const deciding = delegations.filter((d) => d.decides).map((d) => d.code)
  const consensus = new Map(
    paragraphs.map((p) => [
      p.pid,
      consensusOf({
        deciding,
        positions: [...(byParagraph.get(p.pid)?.values() ?? [])],
        openProposals: 0,
      }),
    ]),
  )
  return {
    positions: byParagraph,
    statuses: new Map(
      Object.entries(statuses).map(([pid, status]) => [
        pid,
        { status, pendingDelegation: status === 'pending' ? 'BRA' : null, setAt: 1 },
      ]),
    ),
    consensus,
    comments: [],
    notices: [],
  }
}

const all: MatrixOptions = { filter: 'all', sort: 'order', showAdvisory: true }
const seen = mirror(
  {
    pp1: { JPN: 'support', BRA: 'support', DEU: 'support' },
    op2: { BRA: 'objection', DEU: 'objection', JPN: 'reservation', B20: 'objection' },
    op10: { BRA: 'amendment', JPN: 'support', B20: 'support' },
    op9: { DEU: 'objection' },
  },
  { pp1: 'agreed', op9: 'pending' },
)

describe('buildMatrix', () => {
  it('puts deciding delegations first, advisory after, each by code, and fills cells', () => {
    const m = buildMatrix(paragraphs, delegations, seen, all)
    expect(m.deciding.map((c) => c.code)).toEqual(['BRA', 'DEU', 'JPN'])
    expect(m.advisory.map((c) => c.code)).toEqual(['B20'])
    const op2 = m.rows.find((r) => r.pid === 'op2')!
    expect(op2.cells).toEqual(['objection', 'objection', 'reservation', 'objection'])
    // The advisory objection does not count.
    expect(op2.objections).toBe(2)
    expect(m.rows.find((r) => r.pid === 'op9')!.cells).toEqual([null, 'objection', null, null])
  })

  it('hides advisory columns on request', () => {
    const m = buildMatrix(paragraphs, delegations, seen, { ...all, showAdvisory: false })
    expect(m.advisory).toEqual([])
    expect(m.rows[0]!.cells).toHaveLength(3)
  })

  it('filters blocked, waiting and agreed paragraphs', () => {
    const pids = (filter: MatrixOptions['filter']) =>
      buildMatrix(paragraphs, delegations, seen, { ...all, filter }).rows.map((r) => r.pid)
    expect(pids('blocked')).toEqual(['op2', 'op9'])
    // pp1 heard from everyone and is agreed; op2 heard from all three deciding delegations.
    expect(pids('waiting')).toEqual(['op10', 'op9'])
    expect(pids('agreed')).toEqual(['pp1'])
    expect(pids('all')).toEqual(['pp1', 'op2', 'op10', 'op9'])
  })

  it('sorts by label (numbers as numbers) and by how contested', () => {
    const pids = (sort: MatrixOptions['sort']) =>
      buildMatrix(paragraphs, delegations, seen, { ...all, sort }).rows.map((r) => r.pid)
    expect(pids('label')).toEqual(['op2', 'op9', 'op10', 'pp1'])
    expect(pids('contested')).toEqual(['op2', 'op9', 'op10', 'pp1'])
  })

  it('computes consensus itself for a paragraph the server has not summed up yet', () => {
    const partial = { ...seen, consensus: new Map() }
    const m = buildMatrix(paragraphs, delegations, partial, { ...all, filter: 'blocked' })
    expect(m.rows.map((r) => r.pid)).toEqual(['op2', 'op9'])
  })
})

describe('matrixCsv', () => {
  it('writes what the matrix shows, with empty fields for no position', () => {
    const m = buildMatrix(paragraphs, delegations, seen, { ...all, filter: 'blocked' })
    expect(matrixCsv(m).split('\r\n')).toEqual([
      'paragraph,id,status,BRA,DEU,JPN,B20',
      ',,,deciding,deciding,deciding,advisory',
      'OP2,op2,open,objection,objection,reservation,objection',
      'OP9,op9,pending BRA,,objection,,',
      '',
    ])
  })

  it('quotes separators and defuses spreadsheet formulas in labels', () => {
    const odd: DraftParagraph[] = [
      { pid: 'a', kind: 'operative', label: 'OP1, "bis"', order: 0 },
      { pid: 'b', kind: 'operative', label: '=HYPERLINK("x")', order: 1 },
    ]
    const lines = matrixCsv(buildMatrix(odd, delegations, mirror({}), all)).split('\r\n')
    expect(lines[2]).toBe('"OP1, ""bis""",a,open,,,,')
    expect(lines[3]).toBe(`"'=HYPERLINK(""x"")",b,open,,,,`)
  })
})

describe('buildMatrix at size', () => {
  it('builds 200 paragraphs × 60 delegations quickly', () => {
    const many = Array.from({ length: 60 }, (_, i) => delegation(`D${i}`, i < 45))
    const rows: DraftParagraph[] = Array.from({ length: 200 }, (_, i) => ({
      pid: `p${i}`,
      kind: 'operative',
      label: `OP${i + 1}`,
      order: i,
    }))
    const values: PositionValue[] = ['support', 'objection', 'amendment', 'flexible', 'reservation']
    const positions = new Map<string, Map<string, PositionEntry>>()
    for (const [i, p] of rows.entries()) {
      positions.set(
        p.pid,
        new Map(
          many.map((d, j) => [
            d.code,
            {
              paragraphId: p.pid,
              delegation: d.code,
              decides: d.decides,
              value: values[(i + j) % 5]!,
              amendment: null,
              note: null,
              setBy: 'x',
              setAt: 1,
            },
          ]),
        ),
      )
    }
    const big: MirrorSnapshot = {
      positions,
      statuses: new Map(),
      consensus: new Map(),
      comments: [],
      notices: [],
    }
    const started = performance.now()
    const m = buildMatrix(rows, many, big, { ...all, sort: 'contested' })
    const took = performance.now() - started
    expect(m.rows).toHaveLength(200)
    expect(m.rows[0]!.cells).toHaveLength(60)
    // Generous: a 2-core machine shared by four; the goal in the browser is 200 ms for the render.
    expect(took).toBeLessThan(500)
  })
})
