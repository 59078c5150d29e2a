// Dark enough for white text and for a 2 px caret on white (WCAG 1.4.11 asks 3:1; these give 4.5:1).
const PALETTE = [
  '#1f5fa8',
  '#b3261e',
  '#1e7a34',
  '#7a3fa0',
  '#8a4b12',
  '#a0246b',
  '#0b6e79',
  '#5b5f00',
  '#b34700',
  '#3f4a5a',
]

/**
 * The colour of a delegation, the same on every screen and for every member: computed from its
 * code, so nobody has to agree on it. The secretariat (no delegation) is neutral grey.
 */
export function delegationColour(code: string | null | undefined): string {
  if (!code) return '#4a4a4a'
  let hash = 0
  for (const char of code) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return PALETTE[hash % PALETTE.length]!
}
