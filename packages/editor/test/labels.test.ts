import { describe, expect, test } from 'vitest'
import { formatLabel, isLabelOfKind, nextLabel, parseLabel } from '../src/index.js'

describe('nextLabel', () => {
  // [existing labels in document order, insertion index, label of the new paragraph]
  const table: [string[], number, string][] = [
    [[], 0, 'PP1'],
    [['PP1'], 1, 'PP2'],
    [['PP1', 'PP2', 'PP3', 'PP4'], 4, 'PP5'],
    [['PP1', 'PP2', 'PP3', 'PP4'], 3, 'PP3bis'],
    [['PP1', 'PP2', 'PP3', 'PP3bis', 'PP4'], 4, 'PP3ter'],
    [['PP3', 'PP3bis', 'PP3ter', 'PP4'], 3, 'PP3quater'],
    [['PP3', 'PP3bis', 'PP3ter', 'PP3quater', 'PP4'], 4, 'PP3quinquies'],
    [['PP3', 'PP3sexies', 'PP4'], 2, 'PP3septies'],
    [['PP3', 'PP3septies', 'PP4'], 2, 'PP3octies'],
    [['PP3', 'PP3octies', 'PP4'], 2, 'PP3novies'],
    [['PP3', 'PP3novies', 'PP4'], 2, 'PP3decies'],
    [['PP3', 'PP3decies', 'PP4'], 2, 'PP3 (11)'],
    [['PP3', 'PP3 (11)', 'PP4'], 2, 'PP3 (12)'],
    // Between PP3 and PP3bis: PP3bis is taken, so the first free rank after PP3's.
    [['PP3', 'PP3bis', 'PP3ter', 'PP4'], 1, 'PP3quater'],
    // Before the first paragraph: counted from a virtual PP0.
    [['PP1', 'PP2'], 0, 'PP0bis'],
    [['PP0bis', 'PP1'], 0, 'PP0ter'],
    // Appended after PP4bis, the last one: the next free number.
    [['PP3', 'PP4', 'PP4bis'], 3, 'PP5'],
    // Out of order labels (a paragraph moved): appending still never collides.
    [['PP1', 'PP7', 'PP2'], 3, 'PP8'],
    // Entries that are not labels of this prefix are skipped.
    [['', 'PP1', 'OP3', 'nonsense'], 2, 'PP2'],
    [['', 'PP1', '', 'PP2'], 2, 'PP1bis'],
    [['', 'PP1', 'PP2'], 1, 'PP0bis'],
    [['', 'OP3'], 1, 'PP1'],
  ]

  test.each(table)('after %j at %i → %s', (existing, index, expected) => {
    expect(nextLabel('PP', existing, index)).toBe(expected)
  })

  test('operative paragraphs count with OP', () => {
    expect(nextLabel('OP', ['OP1', 'OP7', 'OP8'], 2)).toBe('OP7bis')
    expect(nextLabel('OP', [], 0)).toBe('OP1')
  })

  test('never returns a label that exists', () => {
    const labels: string[] = ['OP1']
    for (let round = 0; round < 40; round++) {
      const index = (round * 7) % (labels.length + 1)
      const label = nextLabel('OP', labels, index)
      expect(labels).not.toContain(label)
      labels.splice(index, 0, label)
    }
  })
})

describe('parseLabel and formatLabel', () => {
  const table: [string, ReturnType<typeof parseLabel>][] = [
    ['PP1', { prefix: 'PP', number: 1, rank: 0 }],
    ['OP7bis', { prefix: 'OP', number: 7, rank: 1 }],
    ['OP12decies', { prefix: 'OP', number: 12, rank: 9 }],
    ['OP0bis', { prefix: 'OP', number: 0, rank: 1 }],
    ['OP3 (11)', { prefix: 'OP', number: 3, rank: 10 }],
    ['OP3 (2)', null],
    ['OP07', null],
    ['op7', null],
    ['OP7 bis', null],
    ['OP', null],
    ['', null],
  ]

  test.each(table)('%j', (label, parsed) => {
    expect(parseLabel(label)).toEqual(parsed)
    if (parsed) expect(formatLabel(parsed)).toBe(label)
  })
})

describe('isLabelOfKind', () => {
  const table: [string, Parameters<typeof isLabelOfKind>[1], boolean][] = [
    ['PP2', 'preambular', true],
    ['OP2', 'preambular', false],
    ['', 'preambular', false],
    ['OP2bis', 'operative', true],
    ['', 'title', true],
    ['', 'chapeau', true],
    ['', 'heading', true],
    ['', 'annex', true],
    ['OP1', 'heading', false],
  ]

  test.each(table)('%j for %s → %s', (label, kind, expected) => {
    expect(isLabelOfKind(label, kind)).toBe(expected)
  })
})
