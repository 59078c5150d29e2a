import { expect, test } from 'vitest'
import { EDITOR_SCHEMA_VERSION, isCompatibleEditorVersion } from '../src/index.js'

test.each<[unknown, boolean]>([
  [EDITOR_SCHEMA_VERSION, true],
  [String(EDITOR_SCHEMA_VERSION), true],
  [EDITOR_SCHEMA_VERSION + 1, false],
  [0, false],
  [-1, false],
  [1.5, false],
  ['1.0', false],
  [' 1', false],
  ['', false],
  [null, false],
  [undefined, false],
  [Number.NaN, false],
])('client version %j is compatible: %s', (version, expected) => {
  expect(isCompatibleEditorVersion(version)).toBe(expected)
})
