// `pnpm accord <command> [options]`: the operator's command line. It works on the database in
// ACCORD_DATA_DIR directly, so it needs no account and no running server.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ConfigError, loadConfig } from '../config.js'
import { type OptionSpecs, optionsSynopsis, parseOptions, UsageError } from './args.js'
import { type CliIo, COMMANDS, type Command, EXIT, openCliServices } from './commands.js'
import { runVerify, VERIFY_USAGE } from './verifyCommand.js'

const commands: Readonly<Record<string, Command<OptionSpecs>>> = COMMANDS

const io: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  async readStdin() {
    // Meant for a pipe; at a terminal, say how to end the input (the typing is visible).
    if (process.stdin.isTTY) process.stderr.write('password (then Enter and Ctrl-D): ')
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return Buffer.concat(chunks).toString('utf8')
  },
}

function commandUsage(name: string, command: Command<OptionSpecs>): string {
  const lefts = Object.entries(command.options).map(([option, spec]) =>
    spec.type === 'string' ? `--${option} ${spec.placeholder ?? 'VALUE'}` : `--${option}`,
  )
  const width = Math.max(...lefts.map((left) => left.length))
  const options = Object.values(command.options).map(
    (spec, i) => `      ${lefts[i]!.padEnd(width)}  ${spec.help}`,
  )
  return [
    `  pnpm accord ${name} ${optionsSynopsis(command.options)}`,
    `    ${command.summary}`,
    ...options,
  ].join('\n')
}

function usage(): string {
  return [
    'Usage: pnpm accord <command> [options]',
    '',
    'Works directly on the database in ACCORD_DATA_DIR (default ./data, relative to the folder',
    'pnpm runs in), beside a running server or without one. Every change is written to the audit',
    'log. Listings take --json. Exit codes: 0 done, 1 refused (e.g. the email is taken, no such',
    'account), 2 bad command line.',
    '',
    'Commands:',
    ...Object.entries(commands).map(
      ([name, command]) =>
        `  pnpm accord ${name} ${optionsSynopsis(command.options)}\n    ${command.summary}\n`,
    ),
    `${VERIFY_USAGE.split('\n').slice(0, 3).join('\n')}\n`,
    '  pnpm accord <command> --help',
    '    One command’s options, explained.',
    '  pnpm accord help [command]',
    '    Show this text, or one command’s.',
  ].join('\n')
}

/** The command whose name is closest to a mistyped one, if any is close. */
function closest(name: string): string | undefined {
  const distance = (a: string, b: string) => {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i)
    for (let i = 1; i <= a.length; i++) {
      let previous = row[0]!
      row[0] = i
      for (let j = 1; j <= b.length; j++) {
        const current = row[j]!
        row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1))
        previous = current
      }
    }
    return row[b.length]!
  }
  const [best] = [...Object.keys(commands), 'verify', 'help']
    .map((candidate) => ({ candidate, d: distance(name, candidate) }))
    .sort((a, b) => a.d - b.d)
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.candidate : undefined
}

/** What to tell the operator about an error nobody anticipated, with the fix where it is known. */
function unexpected(name: string, error: unknown): string[] {
  const code = (error as { code?: unknown }).code
  const message = error instanceof Error ? error.message : String(error)
  const hint =
    code === 'SQLITE_BUSY'
      ? 'The database stayed locked for 5 s (a long write by the server?): run the command again.'
      : code === 'EACCES' ||
          code === 'EPERM' ||
          code === 'SQLITE_CANTOPEN' ||
          code === 'SQLITE_READONLY'
        ? 'Run it as the user the server runs as, with ACCORD_DATA_DIR set as for the server.'
        : code === 'ENOSPC' || code === 'SQLITE_FULL'
          ? 'The disk is full: free some space and run the command again.'
          : 'Set LOG_LEVEL=debug to see where it failed.'
  return [`accord ${name}: failed: ${message}`, hint]
}

/** Runs the command line `argv` (without `node` and the script); resolves with the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] === undefined ? undefined : commands[rest[0]]
    if (rest[0] === 'verify') io.out(VERIFY_USAGE)
    else io.out(topic ? commandUsage(rest[0]!, topic) : usage())
    return EXIT.ok
  }
  // Where the operator ran pnpm: relative paths (data directory, backup folder) mean that folder.
  const cwd = process.env.INIT_CWD ?? process.cwd()
  // #10: verification opens no database (an observer has none).
  if (name === 'verify') {
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(VERIFY_USAGE)
      return EXIT.ok
    }
    return runVerify(rest, io, cwd)
  }
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!command) {
    const guess = closest(name)
    io.err(`accord: unknown command '${name}'${guess ? `; did you mean '${guess}'?` : ''}`)
    io.err('Run `pnpm accord help` for the list of commands.')
    return EXIT.usage
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandUsage(name, command))
    return EXIT.ok
  }
  let options: ReturnType<typeof parseOptions>
  try {
    options = parseOptions(rest, command.options)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.err(`accord ${name}: ${error.message}`)
    io.err(`usage: pnpm accord ${name} ${optionsSynopsis(command.options)}`)
    return EXIT.usage
  }
  let config: ReturnType<typeof loadConfig>
  try {
    config = loadConfig(process.env, cwd)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    io.err(`accord: ${error.message}`)
    return EXIT.usage
  }
  if (command.needsData && !existsSync(join(config.dataDir, 'accord.db'))) {
    io.err(`accord ${name}: no Accord data in ${config.dataDir}`)
    io.err(
      "Set ACCORD_DATA_DIR to the server's data directory (as for `pnpm start`), or run from the folder the server runs in.",
    )
    return EXIT.failed
  }
  // A wildcard address is where the server listens, not where a browser should go.
  const wildcard = config.host === '0.0.0.0' || config.host === '::'
  const host = wildcard ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host
  const services = await openCliServices(config.dataDir, {
    cwd,
    baseUrl: `http://${host}:${config.port}`,
  })
  try {
    return await command.run(services, options, io)
  } catch (error) {
    for (const line of unexpected(name, error)) io.err(line)
    if (config.logLevel === 'debug' || config.logLevel === 'trace') console.error(error)
    return EXIT.failed
  } finally {
    await services.db.destroy()
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    for (const line of unexpected(process.argv[2] ?? '', error)) io.err(line)
    if (process.env.LOG_LEVEL === 'debug') console.error(error)
    process.exitCode = EXIT.failed
  },
)
