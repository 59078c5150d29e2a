// Finds the Chromium that the browser tests drive, in the order the README gives:
// CHROMIUM_PATH, then Debian's /usr/bin/chromium; when neither exists and we are root on Debian,
// install Debian's package; otherwise stop and say exactly what to install. Browser tests are
// never skipped for want of a browser.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

export const DEBIAN_CHROMIUM = '/usr/bin/chromium'

/** The path of a Chromium binary, or a sentence saying what to install. */
export function findChromium({ env = process.env, install = true, log = console.error } = {}) {
  if (env.CHROMIUM_PATH) {
    if (existsSync(env.CHROMIUM_PATH)) return { path: env.CHROMIUM_PATH }
    return { error: `CHROMIUM_PATH is set to ${env.CHROMIUM_PATH}, which does not exist.` }
  }
  if (existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM }
  const debian = existsSync('/etc/debian_version')
  const root = typeof process.getuid === 'function' && process.getuid() === 0
  if (install && debian && root) {
    log("accord: the browser tests need Chromium; installing Debian's package (about a minute)")
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    const add =
      update.status === 0
        ? spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit' })
        : update
    if (add.status === 0 && existsSync(DEBIAN_CHROMIUM)) return { path: DEBIAN_CHROMIUM }
    return { error: 'installing Chromium with apt-get failed (see above).' }
  }
  const how = debian
    ? 'sudo apt-get install chromium'
    : 'install Chromium or Google Chrome, and set CHROMIUM_PATH to its binary'
  return { error: `the browser tests need Chromium, which was not found. Fix: ${how}.` }
}
