import { parseArgs } from 'node:util'

/** One `--option` of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean'
  /** Missing required options are a usage error, reported before anything is opened. */
  readonly required?: boolean
  /** Shown in the usage text, e.g. `E` in `--email E`. */
  readonly placeholder?: string
  readonly help: string
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>

/** What `parseOptions` returns: booleans for flags; strings (required) or string | undefined. */
export type ParsedOptions<S extends OptionSpecs> = {
  [K in keyof S]: S[K]['type'] extends 'boolean'
    ? boolean
    : S[K]['required'] extends true
      ? string
      : string | undefined
}

/** A problem with the command line; the CLI prints its message and exits with 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * Parses `--name value` / `--name=value` options against `specs`, strictly: unknown options,
 * positional arguments, missing values, missing required options and empty strings are usage
 * errors whose message names the option.
 */
export function parseOptions<S extends OptionSpecs>(
  args: readonly string[],
  specs: S,
): ParsedOptions<S> {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: [...args],
      options: Object.fromEntries(
        Object.entries(specs).map(([name, spec]) => [name, { type: spec.type }]),
      ),
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    // node:util reports its own problems with `ERR_PARSE_ARGS_*` codes and readable messages.
    if (
      error instanceof Error &&
      String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
    ) {
      throw new UsageError(error.message.split('\n')[0]!)
    }
    throw error
  }
  const parsed: Record<string, string | boolean | undefined> = {}
  const missing: string[] = []
  const empty: string[] = []
  for (const [name, spec] of Object.entries(specs)) {
    const value = values[name]
    if (spec.type === 'boolean') {
      parsed[name] = value === true
      continue
    }
    if (value === undefined) {
      if (spec.required) missing.push(`--${name}`)
    } else if (typeof value !== 'string' || value.trim() === '') {
      empty.push(`--${name}`)
    }
    parsed[name] = value
  }
  // Every problem at once: an operator fixing one option at a time would run the command once
  // per missing option.
  const problems = [
    ...(missing.length > 0 ? [`missing ${missing.join(', ')}`] : []),
    ...(empty.length > 0 ? [`${empty.join(', ')} must not be empty`] : []),
  ]
  if (problems.length > 0) throw new UsageError(problems.join('; '))
  return parsed as ParsedOptions<S>
}

/** The options part of a usage line, e.g. `--email E [--password-stdin]`. */
export function optionsSynopsis(specs: OptionSpecs): string {
  return Object.entries(specs)
    .map(([name, spec]) => {
      const option =
        spec.type === 'string' ? `--${name} ${spec.placeholder ?? 'VALUE'}` : `--${name}`
      return spec.required ? option : `[${option}]`
    })
    .join(' ')
}
