import { describe, expect, it } from 'vitest'
import { documentNameFromPath, documentNameProblem, isDocumentName } from './documentName.js'

describe('document names are accepted only in canonical form', () => {
  it.each(['demo', 'declaration/d1/draft', 'declaration/0f3a-91/delegation/jpn', 'a_b-c/9'])(
    'accepts %s',
    (name) => {
      expect(documentNameProblem(name)).toBeNull()
    },
  )

  it.each([
    ['', 'empty'],
    ['Declaration/d1/draft', 'upper case'],
    ['declaration/d1/delegation/JPN', 'upper-case segment'],
    ['declaration/d1/draft/', 'trailing slash'],
    ['/declaration/d1/draft', 'leading slash'],
    ['declaration//d1', 'empty segment'],
    ['declaration/../d1', 'dot-dot segment'],
    ['declaration/./d1', 'dot segment'],
    ['declaration%2Fd1', 'percent-encoded slash'],
    ['declaration/d%31', 'percent-encoded character'],
    ['décla', 'non-ASCII'],
    ['-lead', 'leading dash'],
    ['a b', 'space'],
    ['x'.repeat(64), 'segment too long'],
    [`${'a/'.repeat(100)}a`, 'name too long'],
  ])('rejects %j (%s)', (name) => {
    expect(isDocumentName(name)).toBe(false)
    expect(documentNameProblem(name)).toEqual(expect.any(String))
  })

  it('takes the name from the relay path without decoding it', () => {
    expect(documentNameFromPath('/sync/declaration/d1/draft')).toBe('declaration/d1/draft')
    expect(documentNameFromPath('/sync/a%2Fb')).toBe('a%2Fb')
    expect(documentNameFromPath('/api/sync/a')).toBeNull()
  })
})
