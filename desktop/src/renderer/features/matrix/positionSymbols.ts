import type { PositionValue } from '../../api/types'

/**
 * The symbol of each position in the matrix. Colour repeats the symbol and the short word, never
 * replaces them (style.md: colour never carries meaning alone).
 */
export const POSITION_SYMBOLS: Readonly<Record<PositionValue | 'none', string>> = {
  support: '✓',
  flexible: '≈',
  reservation: '!',
  objection: '✕',
  amendment: '±',
  // No position: the short word (a dash) alone, so the many empty cells stay quiet.
  none: '',
}
