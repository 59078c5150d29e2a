import type { TFunction } from 'i18next'
import type { PositionValue } from '../../api/types'
import type { MatrixRow } from './matrixModel'
import { POSITION_SYMBOLS } from './positionSymbols'

/** The words a row needs, worked out once per language rather than once per cell. */
export interface CellWords {
  readonly short: Readonly<Record<PositionValue | 'none', string>>
  readonly long: Readonly<Record<PositionValue | 'none', string>>
  /** What a cell shows: its symbol and short word. */
  readonly mark: Readonly<Record<PositionValue | 'none', string>>
  /** "OP6, BRA: objection", as the language orders it. */
  label(paragraph: string, delegation: string, value: string): string
  status(row: MatrixRow): string
}

const VALUES: readonly (PositionValue | 'none')[] = [
  'support',
  'flexible',
  'reservation',
  'objection',
  'amendment',
  'none',
]

/** The matrix's words in the language of `t`. */
export function cellWords(t: TFunction): CellWords {
  const short = Object.fromEntries(VALUES.map((v) => [v, t(`matrix.short.${v}`)])) as Record<
    PositionValue | 'none',
    string
  >
  const long = Object.fromEntries(
    VALUES.map((v) => [v, v === 'none' ? t('matrix.noPosition') : t(`positions.values.${v}`)]),
  ) as Record<PositionValue | 'none', string>
  // One translation with markers, split once: the cells then only concatenate.
  const pattern = t('matrix.cellLabel', {
    paragraph: '\u0001',
    delegation: '\u0002',
    value: '\u0003',
  })
  const mark = Object.fromEntries(
    VALUES.map((v) => [
      v,
      POSITION_SYMBOLS[v] ? `${POSITION_SYMBOLS[v]}\u2009${short[v]}` : short[v],
    ]),
  ) as Record<PositionValue | 'none', string>
  return {
    short,
    long,
    mark,
    label: (paragraph, delegation, value) =>
      pattern.replace('\u0001', paragraph).replace('\u0002', delegation).replace('\u0003', value),
    status: (row) =>
      row.status === 'pending'
        ? t('status.pendingOf', { delegation: row.pendingDelegation ?? '?' })
        : t(`status.${row.status}`),
  }
}
