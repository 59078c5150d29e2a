import { existsSync } from 'node:fs'

/**
 * The Chromium binary the browser tests launch. `pnpm test` (scripts/test.mjs) finds or installs
 * it before any test runs and passes it as CHROMIUM_PATH; a test run another way falls back to
 * Debian's path. A missing browser fails the test with the fix, never skips it.
 */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
  if (!existsSync(path)) {
    throw new Error(
      `Chromium not found at ${path}. Install it (Debian: apt-get install chromium) or set CHROMIUM_PATH.`,
    )
  }
  return path
}

/** Launch flags for headless Chromium on a machine with no network but loopback. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
]
