import type { CliIo } from './support.js'

/** An io that records what a command prints and feeds it `stdin` (for the CLI's tests). */
export function recorder(stdin = '') {
  const out: string[] = []
  const err: string[] = []
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readStdin: async () => stdin,
  }
  return { io, out: () => out.join('\n'), err: () => err.join('\n') }
}
