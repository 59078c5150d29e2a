import { describe, expect, it } from 'vitest'
import { canKeepSecrets } from '../../src/main/canKeepSecrets.js'

describe('canKeepSecrets (whether the session token may be written to disk)', () => {
  it.each([
    ['macOS with the Keychain', true, 'darwin', null, true],
    ['Windows with DPAPI', true, 'win32', null, true],
    ['Linux with libsecret', true, 'linux', 'gnome_libsecret', true],
    ['Linux with KWallet', true, 'linux', 'kwallet', true],
    ['Linux with KWallet 5', true, 'linux', 'kwallet5', true],
    ['Linux with KWallet 6', true, 'linux', 'kwallet6', true],
    ['Linux with only the plain-text backend', true, 'linux', 'basic_text', false],
    ['Linux asked before ready', true, 'linux', 'unknown', false],
    ['Linux with no backend reported', true, 'linux', null, false],
    ['macOS with encryption unavailable', false, 'darwin', null, false],
    ['Windows with encryption unavailable', false, 'win32', null, false],
    ['Linux with libsecret but encryption unavailable', false, 'linux', 'gnome_libsecret', false],
  ])('%s: %s', (_name, encryptionAvailable, platform, linuxBackend, expected) => {
    expect(canKeepSecrets({ encryptionAvailable, platform, linuxBackend })).toBe(expected)
  })
})
