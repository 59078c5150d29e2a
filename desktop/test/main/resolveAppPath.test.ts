import { describe, expect, it } from 'vitest'
import { resolveAppPath } from '../../src/main/resolveAppPath.js'

describe('resolveAppPath', () => {
  it.each([
    ['accord://app/', 'index.html'],
    ['accord://app', 'index.html'],
    ['accord://app/index.html', 'index.html'],
    ['accord://app/assets/index-abc.js', 'assets/index-abc.js'],
    ['accord://app/assets/', 'assets/index.html'],
    ['accord://app/index.html?x=1#/invitation/tok', 'index.html'],
    ['accord://app/#/invitation/tok', 'index.html'],
    ['accord://app/fonts/Noto%20Sans.woff2', 'fonts/Noto Sans.woff2'],
    ['accord://app/i18n/%E6%97%A5%E6%9C%AC.json', 'i18n/日本.json'],
  ])('serves %s as %s', (url, relativePath) => {
    expect(resolveAppPath(url)).toEqual({ ok: true, relativePath })
  })

  it.each([
    // Plain and encoded dot segments, in every position and case.
    ['accord://app/../secret.txt', 'traversal'],
    ['accord://app/assets/../../secret.txt', 'traversal'],
    ['accord://app/./index.html', 'traversal'],
    ['accord://app/%2e%2e/secret.txt', 'traversal'],
    ['accord://app/%2E%2E/secret.txt', 'traversal'],
    ['accord://app/.%2e/secret.txt', 'traversal'],
    ['accord://app/%2e./secret.txt', 'traversal'],
    ['accord://app/assets/%2e%2e', 'traversal'],
    // Encoded separators and double encoding.
    ['accord://app/%2e%2e%2fsecret.txt', 'traversal'],
    ['accord://app/..%2Fsecret.txt', 'traversal'],
    ['accord://app/%252e%252e/secret.txt', 'traversal'],
    ['accord://app/%2fetc%2fpasswd', 'traversal'],
    // Backslashes, raw and encoded (Windows separators).
    ['accord://app/..\\secret.txt', 'traversal'],
    ['accord://app/assets\\..\\..\\secret.txt', 'traversal'],
    ['accord://app/%5c..%5csecret.txt', 'traversal'],
    ['accord://app/..%5Csecret.txt', 'traversal'],
    // NUL and other control characters.
    ['accord://app/index.html%00.png', 'traversal'],
    ['accord://app/%00', 'traversal'],
    ['accord://app/index%0a.html', 'traversal'],
    // Absolute paths and drive letters.
    ['accord://app//etc/passwd', 'traversal'],
    ['accord://app/C:/Windows/win.ini', 'traversal'],
    ['accord://app/c%3a%5cwindows', 'traversal'],
    // Malformed percent-encoding.
    ['accord://app/%E0%A4%A', 'malformed'],
    ['accord://app/%zz', 'malformed'],
    // Not the app's origin at all.
    ['file:///etc/passwd', 'foreign_origin'],
    ['https://app/index.html', 'foreign_origin'],
    ['accord://other/index.html', 'foreign_origin'],
    ['accord://app:8080/index.html', 'foreign_origin'],
    ['accord://user:pw@app/index.html', 'foreign_origin'],
    ['not a url', 'foreign_origin'],
  ])('refuses %s (%s)', (url, reason) => {
    expect(resolveAppPath(url)).toEqual({ ok: false, reason })
  })
})
