import { describe, expect, it } from 'vitest'
import { en } from './en'
import { ja } from './ja'

type Tree = { readonly [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const flat = new Map<string, string>()
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key
    if (typeof value === 'string') flat.set(path, value)
    else for (const [k, v] of flatten(value, path)) flat.set(k, v)
  }
  return flat
}

const placeholders = (text: string) =>
  [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort()

describe('the Japanese translation covers the English one', () => {
  const english = flatten(en)
  const japanese = flatten(ja)

  it('has every English key, and no key English lacks', () => {
    expect([...english.keys()].filter((key) => !japanese.has(key))).toEqual([])
    expect([...japanese.keys()].filter((key) => !english.has(key))).toEqual([])
  })

  it('translates every string (none empty), with the same placeholders', () => {
    for (const [key, text] of english) {
      const translated = japanese.get(key) ?? ''
      expect(translated.trim(), key).not.toBe('')
      expect(placeholders(translated), key).toEqual(placeholders(text))
    }
  })
})
