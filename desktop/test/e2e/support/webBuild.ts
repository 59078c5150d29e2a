import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
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

function isCurrent(index: string): boolean {
  const built = existsSync(index) ? statSync(index).mtimeMs : 0
  return built > 0 && built >= Math.max(...sources.map(newestIn))
}

/**
 * Makes sure the tests run the current web build: builds it when it is missing or older than
 * its sources, and fails with the build's own output if that does not work. Test files run in
 * parallel, so one builds (holding a lock directory, which mkdir creates atomically) while the
 * others wait for it and check again.
 */
export async function ensureWebBuild(): Promise<void> {
  const index = join(WEB_DIR, 'index.html')
  const lock = join(desktopDir, 'dist', '.web-build-lock')
  const deadline = Date.now() + 180_000
  while (!isCurrent(index)) {
    mkdirSync(join(desktopDir, 'dist'), { recursive: true })
    let mine = false
    try {
      mkdirSync(lock)
      mine = true
    } catch {
      // Another test file is building; a lock older than the deadline is left from a crash.
      const held = statSync(lock, { throwIfNoEntry: false })
      if (held && Date.now() - held.mtimeMs > 180_000) {
        rmSync(lock, { recursive: true, force: true })
      }
    }
    if (mine) {
      try {
        build(index)
      } finally {
        rmSync(lock, { recursive: true, force: true })
      }
      return
    }
    if (Date.now() > deadline) throw new Error('timed out waiting for another web build')
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

function build(index: string): void {
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
