import { describe, expect, it } from 'vitest'
import { externalOrigins, isAllowedExternalUrl } from '../../src/main/externalLinks.js'

const allowed = ['https://accord.example.org']

describe('isAllowedExternalUrl', () => {
  it.each([
    'https://accord.example.org/',
    'https://accord.example.org/published/g20-2026',
    'https://ACCORD.example.org/x',
    'https://accord.example.org:443/x',
    'https://accord.example.org/search?q=1#top',
  ])('opens %s', (url) => {
    expect(isAllowedExternalUrl(url, allowed)).toBe(true)
  })

  it.each([
    ['cleartext http', 'http://accord.example.org/'],
    ['another host', 'https://evil.example.com/'],
    ['a look-alike suffix', 'https://accord.example.org.evil.com/'],
    ['a subdomain', 'https://sub.accord.example.org/'],
    ['another port', 'https://accord.example.org:8443/'],
    ['credentials', 'https://user:pw@accord.example.org/'],
    ['credentials hiding the host', 'https://accord.example.org@evil.com/'],
    ['an empty user info', 'https://:@accord.example.org/'],
    ['file', 'file:///etc/passwd'],
    ['javascript', 'javascript:alert(1)'],
    ['data', 'data:text/html,<script>alert(1)</script>'],
    ['a scheme that launches a program', 'ms-msdt:/id PCWDiagnostic'],
    ['smb', 'smb://accord.example.org/share'],
    ['the app itself', 'accord://app/index.html'],
    ['scheme-relative', '//accord.example.org/'],
    ['a backslash trick', 'https:\\\\evil.com\\accord.example.org'],
    ['a leading space', ' https://accord.example.org/'],
    ['a newline', 'https://accord.example.org/\nx'],
    ['a NUL', 'https://accord.example.org/\u0000'],
    ['not a string', 42],
    ['null', null],
    ['too long', `https://accord.example.org/${'a'.repeat(3000)}`],
  ])('refuses %s', (_name, url) => {
    expect(isAllowedExternalUrl(url, allowed)).toBe(false)
  })

  it('refuses everything when the allowlist is empty', () => {
    expect(isAllowedExternalUrl('https://accord.example.org/', [])).toBe(false)
  })
})

describe('externalOrigins', () => {
  it.each([
    [
      'an https server adds its origin',
      'https://accord.example.org/base',
      ['https://accord.example.org'],
    ],
    ['an http server adds nothing', 'http://192.168.1.10:3000', []],
    ['no server adds nothing', null, []],
    ['an unparsable setting adds nothing', 'nonsense', []],
  ])('%s', (_name, serverUrl, origins) => {
    expect(externalOrigins(serverUrl)).toEqual(origins)
  })
})
