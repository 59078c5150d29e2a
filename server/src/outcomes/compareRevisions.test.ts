import { describe, expect, it } from 'vitest'
import { compareRevisions, type RevisionParagraph } from './compareRevisions.js'

function p(id: string, text: string, status = 'open', label = id.toUpperCase()): RevisionParagraph {
  return {
    id,
    kind: 'operative',
    label,
    text,
    bracketed: text,
    proposals: [],
    status,
    pendingDelegation: null,
  }
}

describe('compareRevisions', () => {
  it('matches paragraphs by id and shows word-level changes', () => {
    const result = compareRevisions(
      [p('a', 'We will act on climate.'), p('b', 'We note the report.')],
      [p('a', 'We will act swiftly on climate.', 'agreed'), p('b', 'We note the report.')],
    )
    expect(result.map((r) => [r.id, r.change, r.moved])).toEqual([
      ['a', 'changed', false],
      ['b', 'unchanged', false],
    ])
    expect(result[0]!.words.filter((w) => w.added).map((w) => w.value.trim())).toEqual(['swiftly'])
    expect(result[0]).toMatchObject({ fromStatus: 'open', toStatus: 'agreed' })
  })

  it('shows added, deleted (where they were) and moved paragraphs', () => {
    const result = compareRevisions(
      [p('a', 'A.'), p('b', 'B.'), p('c', 'C.'), p('d', 'D.')],
      [p('c', 'C.'), p('a', 'A.'), p('x', 'X.'), p('d', 'D.')],
    )
    expect(result.map((r) => [r.id, r.change])).toEqual([
      ['c', 'unchanged'],
      ['a', 'unchanged'],
      ['b', 'deleted'],
      ['x', 'added'],
      ['d', 'unchanged'],
    ])
    // a and c swapped: one of them kept its place relative to d, the other moved.
    expect(result.filter((r) => r.moved).map((r) => r.id)).toHaveLength(1)
    expect(['a', 'c']).toContain(result.find((r) => r.moved)!.id)
    expect(result.find((r) => r.id === 'b')!.words).toEqual([
      { value: 'B.', added: false, removed: true },
    ])
  })

  it('a relabelled paragraph with the same id is the same paragraph, changed', () => {
    const [only] = compareRevisions([p('a', 'A.', 'open', 'OP7bis')], [p('a', 'A.', 'open', 'OP8')])
    expect(only).toMatchObject({ change: 'changed', fromLabel: 'OP7bis', toLabel: 'OP8' })
  })
})
