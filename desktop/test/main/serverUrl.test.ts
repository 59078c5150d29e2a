import { describe, expect, it } from 'vitest'
import { parseServerUrl } from '../../src/main/serverUrl.js'

describe('parseServerUrl', () => {
  it.each([
    ['https://accord.example.org', 'https://accord.example.org'],
    ['https://accord.example.org/', 'https://accord.example.org'],
    ['HTTPS://Accord.Example.org', 'https://accord.example.org'],
    ['https://accord.example.org:443/', 'https://accord.example.org'],
    ['http://127.0.0.1:3000', 'http://127.0.0.1:3000'],
    ['http://[::1]:3000/', 'http://[::1]:3000'],
    ['https://example.org/accord/', 'https://example.org/accord'],
    ['  https://accord.example.org  ', 'https://accord.example.org'],
  ])('accepts %j as %s', (input, normalised) => {
    expect(parseServerUrl(input)).toBe(normalised)
  })

  it.each([
    ['not a string', 3000],
    ['null', null],
    ['empty', ''],
    ['no scheme', 'accord.example.org'],
    ['ftp', 'ftp://accord.example.org'],
    ['file', 'file:///srv/accord'],
    ['javascript', 'javascript:alert(1)'],
    ['ws', 'wss://accord.example.org'],
    ['the app protocol', 'accord://app/'],
    ['a user name', 'https://admin@accord.example.org'],
    ['a password', 'https://admin:secret@accord.example.org'],
    ['an empty user info', 'https://:@accord.example.org'],
    ['a query', 'https://accord.example.org/?token=abc'],
    ['an empty query', 'https://accord.example.org/?'],
    ['a fragment', 'https://accord.example.org/#x'],
    ['inner spaces', 'https://accord example.org'],
    ['a newline', 'https://accord.example.org/\nHost: evil'],
    ['too long', `https://accord.example.org/${'a'.repeat(3000)}`],
  ])('refuses %s', (_name, input) => {
    expect(() => parseServerUrl(input)).toThrow(/^invalid_argument: /)
  })
})
