import { realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, sep } from 'node:path'

/**
 * The real path of `relativePath` under `root`, or null when it does not exist, is not a regular
 * file, or resolves (through a symlink anywhere on the way) outside `root`. `resolveAppPath`
 * has already refused `..` and friends; this catches what only the disk knows.
 */
export async function confineToRoot(root: string, relativePath: string): Promise<string | null> {
  let realRoot: string
  let realFile: string
  try {
    realRoot = await realpath(root)
    realFile = await realpath(join(realRoot, relativePath))
  } catch {
    return null
  }
  const inside = relative(realRoot, realFile)
  if (inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
    return null
  }
  try {
    if (!(await stat(realFile)).isFile()) return null
  } catch {
    return null
  }
  return realFile
}
