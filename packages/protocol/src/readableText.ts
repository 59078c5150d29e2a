/**
 * Text that people read and attribute (a name, a comment) must read as it is stored. Controls,
 * bidirectional embeddings, overrides and isolates reorder or hide what others see: a comment
 * ending in U+202E shows the next words backwards, and a name followed by one can pass for
 * another. One check serves every field; each field says which of the harmless ones it keeps.
 */

/** The characters no readable text holds, with what each does, for the error message. */
const BIDI_CONTROLS: Readonly<Record<number, string>> = {
  8234: 'LEFT-TO-RIGHT EMBEDDING',
  8235: 'RIGHT-TO-LEFT EMBEDDING',
  8236: 'POP DIRECTIONAL FORMATTING',
  8237: 'LEFT-TO-RIGHT OVERRIDE',
  8238: 'RIGHT-TO-LEFT OVERRIDE',
  8294: 'LEFT-TO-RIGHT ISOLATE',
  8295: 'RIGHT-TO-LEFT ISOLATE',
  8296: 'FIRST STRONG ISOLATE',
  8297: 'POP DIRECTIONAL ISOLATE',
}

/** Invisible characters: marks and zero-width ones. Refused in names, kept in running text. */
const INVISIBLE: Readonly<Record<number, string>> = {
  1564: 'ARABIC LETTER MARK',
  8203: 'ZERO WIDTH SPACE',
  8204: 'ZERO WIDTH NON-JOINER',
  8205: 'ZERO WIDTH JOINER',
  8206: 'LEFT-TO-RIGHT MARK',
  8207: 'RIGHT-TO-LEFT MARK',
  8288: 'WORD JOINER',
  8289: 'FUNCTION APPLICATION',
  8290: 'INVISIBLE TIMES',
  8291: 'INVISIBLE SEPARATOR',
  8292: 'INVISIBLE PLUS',
  65279: 'ZERO WIDTH NO-BREAK SPACE',
}

const CONTROL = /\p{Cc}/u

/** What kind of text is checked. */
export interface ReadableTextRules {
  /**
   * Running text (a comment) keeps line feeds and tabs, and the marks and joiners that
   * Arabic, Hebrew, Persian, Indic scripts and emoji sequences need; a name keeps none of them.
   */
  readonly multiline: boolean
}

/** The first character that a readable text must not hold. */
export interface HiddenCharacter {
  /** `U+202E`. */
  readonly codePoint: string
  /** Its Unicode name where known, else "a control character". */
  readonly name: string
  /** Its place in the text, counted in characters (code points) from 1. */
  readonly position: number
}

function describe(code: number): string | null {
  const bidi = BIDI_CONTROLS[code]
  if (bidi) return bidi
  if (CONTROL.test(String.fromCodePoint(code))) return 'a control character'
  return null
}

/** The first character `text` must not hold under `rules`, or null when it reads as stored. */
export function findHiddenCharacter(
  text: string,
  rules: ReadableTextRules,
): HiddenCharacter | null {
  let position = 0
  for (const char of text) {
    position += 1
    const code = char.codePointAt(0)!
    if (rules.multiline && (char === '\n' || char === '\t')) continue
    const name = describe(code) ?? (rules.multiline ? null : (INVISIBLE[code] ?? null))
    if (name === null) continue
    return {
      codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
      name,
      position,
    }
  }
  return null
}

/** "U+202E (RIGHT-TO-LEFT OVERRIDE) at character 12 is not allowed: …", for an error message. */
export function describeHiddenCharacter(found: HiddenCharacter, rules: ReadableTextRules): string {
  const what = rules.multiline
    ? 'remove control and direction-changing characters (line breaks and tabs are fine)'
    : 'remove control, invisible and direction-changing characters'
  return `${found.codePoint} (${found.name}) at character ${found.position} is not allowed: ${what}`
}

/**
 * The form readable text is stored in: NFC, and line breaks as line feeds (a browser's
 * textarea may send CR LF, which is an ordinary newline, not a control to refuse).
 */
export function normalizeReadableText(text: string, rules: ReadableTextRules): string {
  const nfc = text.normalize('NFC')
  return rules.multiline ? nfc.replace(/\r\n?/g, '\n') : nfc
}
