/** What the platform's secret store reports, gathered after the app is ready. */
export interface SecretStoreState {
  /** `safeStorage.isAsyncEncryptionAvailable()`. */
  readonly encryptionAvailable: boolean
  /** `process.platform`. */
  readonly platform: string
  /** `safeStorage.getSelectedStorageBackend()` on Linux; null elsewhere. */
  readonly linuxBackend: string | null
}

/**
 * Whether the session token may be written to disk. Only when the OS encrypts it with a key the
 * OS keeps (Keychain, DPAPI, libsecret, KWallet). On Linux without a keyring Electron falls back
 * to 'basic_text', a key hard-coded in Chromium: the file would be readable by anyone who can
 * read it, so the token is then not kept at all and the user signs in each time. 'unknown' (asked
 * before `ready`) is refused too.
 */
export function canKeepSecrets(state: SecretStoreState): boolean {
  if (!state.encryptionAvailable) return false
  if (state.platform !== 'linux') return true
  return (
    state.linuxBackend !== null &&
    state.linuxBackend !== 'basic_text' &&
    state.linuxBackend !== 'unknown'
  )
}
