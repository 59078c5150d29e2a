import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Which Accord a run measured: figures only mean something next to the code they came from. */
export interface Revision {
  readonly commit: string
  /**
   * Git tree ids of server/src and packages/protocol/src at that commit. Other work lands
   * commits all the time; only a change to these trees changes what the bench measures.
   */
  readonly codeTrees: string
  /** Files of the code under test (server, protocol) that differed from the commit at the start. */
  readonly uncommitted: readonly string[]
}

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

function git(...args: string[]): string {
  return execFileSync('git', args, {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  })
}

/** The commit checked out and the uncommitted changes to the code under test. */
export function accordRevision(): Revision {
  try {
    // Porcelain lines are "XY path": two status columns and a space, so no trimming before slicing.
    const status = git('status', '--porcelain', '--', 'server/src', 'packages/protocol/src')
    return {
      commit: git('rev-parse', '--short=12', 'HEAD').trim(),
      // One rev-parse per tree: --short accepts a single revision only.
      codeTrees: ['server/src', 'packages/protocol/src']
        .map((path) => git('rev-parse', '--short=12', `HEAD:${path}`).trim())
        .join(' '),
      uncommitted: status
        .split('\n')
        .filter((line) => line.length > 3)
        .map((line) => line.slice(3)),
    }
  } catch {
    return { commit: 'unknown (git did not answer)', codeTrees: '', uncommitted: [] }
  }
}

/** Whether two revisions hold different code under test (not merely different commits). */
export function codeChanged(a: Revision, b: Revision): boolean {
  return a.codeTrees !== b.codeTrees || a.uncommitted.join('\n') !== b.uncommitted.join('\n')
}
