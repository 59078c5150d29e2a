import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy } from '../../src/main/contentSecurityPolicy.js'

/** The header value parsed back, as a browser would read it. */
function parsePolicy(header: string): Map<string, string[]> {
  const directives = new Map<string, string[]>()
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/)
    if (name) directives.set(name.toLowerCase(), sources)
  }
  return directives
}

describe('the Content-Security-Policy', () => {
  const header = contentSecurityPolicy()
  const policy = parsePolicy(header)

  it('runs only the app’s own script files: no inline script, no eval', () => {
    expect(policy.get('script-src')).toEqual(["'self'"])
    expect(header).not.toMatch(
      /unsafe-eval|wasm-unsafe-eval|unsafe-hashes|strict-dynamic|nonce-|sha\d+-/,
    )
    // 'unsafe-inline' appears only for styles.
    for (const [name, sources] of policy) {
      if (name !== 'style-src') expect(sources, name).not.toContain("'unsafe-inline'")
    }
    // No script-src-elem/-attr or worker-src could widen script-src.
    expect(policy.has('script-src-elem')).toBe(false)
    expect(policy.has('script-src-attr')).toBe(false)
    expect(policy.get('worker-src')).toEqual(["'self'"])
  })

  it.each([
    ['default-src', ["'none'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
    ['frame-src', ["'none'"]],
  ])('sets %s to %j', (name, sources) => {
    expect(policy.get(name)).toEqual(sources)
  })

  it('has no wildcard source and no directive twice', () => {
    expect(header).not.toMatch(/(^|\s)\*(\s|;|$)/)
    const names = header.split(';').map((part) => part.trim().split(/\s+/)[0])
    expect(new Set(names).size).toBe(names.length)
  })
})
