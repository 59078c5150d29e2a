import { shell } from 'electron'
import { externalOrigins, isAllowedExternalUrl } from './externalLinks.js'
import type { SettingsStore } from './SettingsStore.js'

/**
 * The one place that calls `shell.openExternal`. Whatever asks (the bridge, a `target=_blank`
 * link, a link clicked in the page), the URL is checked against the allowlist right here, so
 * no caller can skip the check. Answers whether the link was opened; it never throws, because
 * navigation handlers call it without waiting.
 */
export async function openExternalIfAllowed(
  url: string,
  settings: SettingsStore,
): Promise<boolean> {
  if (!isAllowedExternalUrl(url, externalOrigins(await settings.serverUrl()))) return false
  try {
    // Reviewed: `url` passed isAllowedExternalUrl just above (https, allowlisted origin, no credentials).
    await shell.openExternal(url) /* eng-disable OPEN_EXTERNAL_JS_CHECK */
    return true
  } catch {
    // No browser registered, or the OS refused: the link stays unopened, the app carries on.
    return false
  }
}
