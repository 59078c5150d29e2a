// `pnpm accord <command> [options]`: the operator's command line. It works on the database in
// ACCORD_DATA_DIR directly, so it needs no account and no running server.
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
    'pnpm runs in). Every change is written to the audit log. Exit codes: 0 done, 1 refused',
    '(e.g. the email is taken, no such account), 2 bad command line.',
    '',
    'Commands:',
    ...Object.entries(commands).map(([name, command]) => `${commandUsage(name, command)}\n`),
    `${VERIFY_USAGE}\n`,
    '  pnpm accord help [command]',
    '    Show this text, or one command’s.',
  ].join('\n')
}

/** Runs the command line `argv` (without `node` and the script); resolves with the exit code. */
async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    const topic = rest[0] === undefined ? undefined : commands[rest[0]]
    io.out(topic ? commandUsage(rest[0]!, topic) : usage())
    return EXIT.ok
  }
  // #10: verification opens no database (an observer has none).
  if (name === 'verify') return runVerify(rest, io, process.env.INIT_CWD ?? process.cwd())
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!command) {
    io.err(`accord: unknown command '${name}'\n`)
    io.err(usage())
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
  let dataDir: string
  try {
    // pnpm runs package scripts in the package's folder; relative paths mean the caller's folder.
    dataDir = loadConfig(process.env, process.env.INIT_CWD ?? process.cwd()).dataDir
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    io.err(`accord: ${error.message}`)
    return EXIT.usage
  }
  const services = await openCliServices(dataDir)
  try {
    return await command.run(services, options, io)
  } finally {
    await services.db.destroy()
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    console.error('accord: failed', error)
    process.exitCode = EXIT.failed
  },
)
