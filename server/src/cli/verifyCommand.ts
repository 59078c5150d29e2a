import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { verifyBundle } from '@accord/protocol'
import type { CliIo } from './commands.js'

/** Exit codes of `accord verify`: 0 verified, 1 the bundle fails, 2 bad command line or unreadable file. */
export const VERIFY_EXIT = { verified: 0, failed: 1, usage: 2 } as const

/** The usage lines of `accord verify`, for the command line's help. */
export const VERIFY_USAGE = [
  '  pnpm accord verify BUNDLE [--key FINGERPRINT]',
  '    Check a published text’s signed bundle offline: the signature, every file’s hash and the',
  '    history chain. Needs no server, no database and no network.',
  '      --key FINGERPRINT  Also require the bundle to be signed with this key (the fingerprint',
  '                         the publisher announced, or its base64url public key)',
].join('\n')

function date(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC')
}

/**
 * `pnpm accord verify BUNDLE [--key FINGERPRINT]`: verifies a bundle with the verifier shared
 * with the server and the client. Runs before (and without) the database: an observer's copy of
 * Accord has no data directory to open.
 */
export async function runVerify(argv: readonly string[], io: CliIo, cwd: string): Promise<number> {
  let file: string | undefined
  let key: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--key') {
      key = argv[++i]
      if (key === undefined) {
        io.err('accord verify: --key needs a fingerprint')
        return VERIFY_EXIT.usage
      }
    } else if (arg.startsWith('--')) {
      io.err(`accord verify: unknown option ${arg}\n${VERIFY_USAGE}`)
      return VERIFY_EXIT.usage
    } else if (file === undefined) file = arg
    else {
      io.err(`accord verify: one bundle at a time\n${VERIFY_USAGE}`)
      return VERIFY_EXIT.usage
    }
  }
  if (file === undefined) {
    io.err(`accord verify: which bundle?\n${VERIFY_USAGE}`)
    return VERIFY_EXIT.usage
  }
  let text: string
  try {
    text = await readFile(resolve(cwd, file), 'utf8')
  } catch (error) {
    io.err(`accord verify: cannot read ${file}: ${(error as Error).message}`)
    return VERIFY_EXIT.usage
  }
  const result = await verifyBundle(text, key === undefined ? {} : { trustedKey: key })
  if (!result.ok) {
    io.err(`accord verify: FAILED (${result.code}): ${result.message}`)
    return VERIFY_EXIT.failed
  }
  const m = result.manifest
  io.out(
    [
      `verified: ${m.declaration.title}`,
      `  ${m.kind === 'chair_summary' ? "chair's summary" : 'declaration'} of ${m.conference.name}, ${m.conference.venue}`,
      `  published ${date(m.publishedAt)}`,
      `  ${m.adoption.statement}`,
      `  signed by the key ${result.fingerprint}${key === undefined ? ' (not checked against a key you trust: pass --key)' : ', the key you trust'}`,
      `  history: ${m.history.length} entries, head ${m.history.head ?? '(none)'}`,
      `  publication ${result.manifestHash}; previous ${m.previousPublication ?? '(none: the first)'}`,
    ].join('\n'),
  )
  return VERIFY_EXIT.verified
}
