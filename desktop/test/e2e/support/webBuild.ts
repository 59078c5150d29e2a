import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const desktopDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
/** The web build the server serves at /app. */
export const WEB_DIR = join(desktopDir, 'dist', 'web')
const sources = [
  join(desktopDir, 'src', 'renderer'),
  join(desktopDir, 'src', 'shared'),
  join(desktopDir, '..', 'packages', 'editor', 'src'),
  join(desktopDir, '..', 'packages', 'protocol', 'src'),
]

function newestIn(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs)
  }
  return newest
}

/**
 * Makes sure the tests run the current web build: builds it when it is missing or older than
 * its sources, and fails with the build's own output if that does not work.
 */
export function ensureWebBuild(): void {
  const index = join(WEB_DIR, 'index.html')
  const built = existsSync(index) ? statSync(index).mtimeMs : 0
  if (built > 0 && built >= Math.max(...sources.map(newestIn))) return
  const result = spawnSync('pnpm', ['exec', 'vite', 'build', '--config', 'vite.web.config.ts'], {
    cwd: desktopDir,
    encoding: 'utf8',
  })
  if (result.status !== 0 || !existsSync(index)) {
    throw new Error(
      `The web client could not be built (pnpm --filter @accord/desktop build:web):\n${result.stdout}\n${result.stderr}`,
    )
  }
}
