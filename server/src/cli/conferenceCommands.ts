import { hashPassword } from '../auth/passwords.js'
import { DELEGATION_KINDS, type DelegationKind } from '../directory/Conferences.js'
import { CreateDeclaration, CreateDelegation } from '../routes/conferences/schema.js'
import { Email, Name } from '../routes/schemas.js'
import { generatePassword, printPassword } from './accountCommands.js'
import { type OptionSpecs, type ParsedOptions, UsageError } from './args.js'
import {
  CLI_AUDIT,
  type CliIo,
  type CliServices,
  conferenceOf,
  delegationOf,
  EXIT,
  guarded,
  inTransaction,
  printJson,
  printTable,
  valid,
  yesNo,
} from './support.js'

/** A date as YYYY-MM-DD that exists. */
function isoDate(value: string, option: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : null
  // Round-tripping rejects dates that do not exist, such as 2025-02-30.
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new UsageError(
      `--${option}: expected a date as YYYY-MM-DD (got ${JSON.stringify(value)})`,
    )
  }
  return value
}

export const createConferenceOptions = {
  name: { type: 'string', required: true, placeholder: 'N', help: 'the conference’s name' },
  venue: { type: 'string', required: true, placeholder: 'V', help: 'where it takes place' },
  starts: { type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'first day' },
  ends: { type: 'string', required: true, placeholder: 'YYYY-MM-DD', help: 'last day' },
  'secretariat-email': {
    type: 'string',
    required: true,
    placeholder: 'E',
    help: 'the secretariat’s account; created if missing',
  },
  'secretariat-name': {
    type: 'string',
    placeholder: 'N',
    help: 'name of a new secretariat account (default "Secretariat")',
  },
} as const satisfies OptionSpecs

/** Creates a conference and makes an account (created if missing) its secretariat. */
export function createConference(
  services: CliServices,
  options: ParsedOptions<typeof createConferenceOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const name = valid(Name, options.name, 'name')
    const venue = valid(Name, options.venue, 'venue')
    const startsOn = isoDate(options.starts, 'starts')
    const endsOn = isoDate(options.ends, 'ends')
    if (endsOn < startsOn) throw new UsageError('--ends: the conference ends before it starts')
    const email = valid(Email, options['secretariat-email'], 'secretariat-email')
    const secretariatName = valid(
      Name,
      options['secretariat-name'] ?? 'Secretariat',
      'secretariat-name',
    )
    // Hashed before the transaction, whether or not the account turns out to exist: a write
    // transaction never waits on a slow hash (see Accounts.create).
    const newPassword = generatePassword()
    const newPasswordHash = await hashPassword(newPassword)
    const result = await inTransaction(services, async ({ accounts, conferences, audit }) => {
      let user = await accounts.byEmail(email)
      let password: string | null = null
      if (!user) {
        password = newPassword
        user = await accounts.create({
          email,
          name: secretariatName,
          password,
          passwordHash: newPasswordHash,
        })
        await audit.record({
          actorUserId: null,
          action: 'account.create',
          outcome: 'ok',
          target: user.id,
          detail: { via: 'cli' },
        })
      }
      const conference = await conferences.create({ name, venue, startsOn, endsOn })
      await audit.record({
        actorUserId: null,
        action: 'conference.create',
        outcome: 'ok',
        conferenceId: conference.id,
        detail: { via: 'cli' },
      })
      await conferences.addMember(conference.id, user.id, 'secretariat', null)
      await audit.record({
        actorUserId: null,
        action: 'membership.add',
        outcome: 'ok',
        conferenceId: conference.id,
        target: user.id,
        detail: { via: 'cli', role: 'secretariat' },
      })
      return { conference, user, password }
    })
    io.out(`created conference ${result.conference.name}`)
    io.out(`conference id: ${result.conference.id}`)
    io.out(
      `secretariat: ${result.user.email} (${result.password ? 'new account' : 'existing account'})`,
    )
    if (result.password) printPassword(io, result.user.email, result.password)
    io.out(
      `next: pnpm accord add-delegation --conference ${result.conference.id} --code C --name N --kind member`,
    )
    return EXIT.ok
  })
}

export const jsonOption = { type: 'boolean', help: 'print JSON instead of a table' } as const
export const conferenceOption = {
  type: 'string',
  required: true,
  placeholder: 'ID',
  help: 'the conference’s id (see list-conferences)',
} as const

export const listConferencesOptions = { json: jsonOption } as const satisfies OptionSpecs

/** Lists every conference with its id, dates and venue. */
export function listConferences(
  services: CliServices,
  options: ParsedOptions<typeof listConferencesOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const conferences = await services.conferences.list()
    if (options.json) {
      printJson(io, conferences)
      return EXIT.ok
    }
    printTable(
      io,
      ['ID', 'NAME', 'VENUE', 'STARTS', 'ENDS'],
      conferences.map((c) => [c.id, c.name, c.venue, c.startsOn, c.endsOn]),
      'no conferences (create one with `pnpm accord create-conference`)',
    )
    return EXIT.ok
  })
}

const KINDS = DELEGATION_KINDS.join(', ')

function kindOf(value: string): DelegationKind {
  return valid(CreateDelegation.shape.kind, value.trim(), 'kind')
}

export const addDelegationOptions = {
  conference: conferenceOption,
  code: {
    type: 'string',
    required: true,
    placeholder: 'CODE',
    help: 'an upper-case code such as JPN, EU or B20; fixed once made',
  },
  name: { type: 'string', required: true, placeholder: 'N', help: 'the delegation’s name' },
  kind: { type: 'string', required: true, placeholder: 'K', help: `one of ${KINDS}` },
  decides: {
    type: 'string',
    placeholder: 'yes|no',
    help: 'whether it can block consensus (default: yes for members, else no)',
  },
} as const satisfies OptionSpecs

/** Adds a delegation, as `POST /api/conferences/{id}/delegations` does. */
export function addDelegation(
  services: CliServices,
  options: ParsedOptions<typeof addDelegationOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const code = valid(CreateDelegation.shape.code, options.code, 'code')
    const name = valid(Name, options.name, 'name')
    const kind = kindOf(options.kind)
    const decides =
      options.decides === undefined ? kind === 'member' : yesNo(options.decides, 'decides')
    const conference = await conferenceOf(services, options.conference)
    const delegation = await inTransaction(services, async ({ conferences, audit }) => {
      const created = await conferences.addDelegation(conference.id, { code, name, kind, decides })
      await audit.record({
        ...CLI_AUDIT,
        action: 'delegation.create',
        outcome: 'ok',
        conferenceId: conference.id,
        target: created.code,
      })
      return created
    })
    io.out(
      `added delegation ${delegation.code} (${delegation.name}, ${delegation.kind}, ${delegation.decides ? 'decides' : 'advisory'}) to ${conference.name}`,
    )
    io.out(`delegation id: ${delegation.id}`)
    return EXIT.ok
  })
}

export const listDelegationsOptions = {
  conference: conferenceOption,
  json: jsonOption,
} as const satisfies OptionSpecs

/** Lists a conference's delegations. */
export function listDelegations(
  services: CliServices,
  options: ParsedOptions<typeof listDelegationsOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const conference = await conferenceOf(services, options.conference)
    const delegations = await services.conferences.delegations(conference.id)
    if (options.json) {
      printJson(io, delegations)
      return EXIT.ok
    }
    printTable(
      io,
      ['CODE', 'NAME', 'KIND', 'DECIDES', 'ID'],
      delegations.map((d) => [d.code, d.name, d.kind, d.decides ? 'yes' : 'no', d.id]),
      `no delegations in ${conference.name} (add one with \`pnpm accord add-delegation\`)`,
    )
    return EXIT.ok
  })
}

export const editDelegationOptions = {
  conference: conferenceOption,
  delegation: {
    type: 'string',
    required: true,
    placeholder: 'CODE',
    help: 'the delegation’s code (it cannot change: proposals in drafts carry it)',
  },
  name: { type: 'string', placeholder: 'N', help: 'a new name' },
  kind: { type: 'string', placeholder: 'K', help: `a new kind: ${KINDS}` },
  decides: {
    type: 'string',
    placeholder: 'yes|no',
    help: 'whether it can block consensus (only members can)',
  },
} as const satisfies OptionSpecs

/**
 * Changes a delegation's name, kind or whether it decides. Live connections of its delegates
 * take the change at the server's next periodic check (at most 5 minutes).
 */
export function editDelegation(
  services: CliServices,
  options: ParsedOptions<typeof editDelegationOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    if (options.name === undefined && options.kind === undefined && options.decides === undefined) {
      throw new UsageError('nothing to change: pass --name, --kind or --decides')
    }
    const changes = {
      ...(options.name === undefined ? {} : { name: valid(Name, options.name, 'name') }),
      ...(options.kind === undefined ? {} : { kind: kindOf(options.kind) }),
      ...(options.decides === undefined ? {} : { decides: yesNo(options.decides, 'decides') }),
    }
    const conference = await conferenceOf(services, options.conference)
    const { before, after } = await inTransaction(services, async (s) => {
      const current = await delegationOf(s, conference.id, options.delegation)
      const updated = await s.conferences.updateDelegation(conference.id, current.id, changes)
      await s.audit.record({
        ...CLI_AUDIT,
        action: 'delegation.update',
        outcome: 'ok',
        conferenceId: conference.id,
        target: current.code,
        detail: {
          via: 'cli',
          from: { name: current.name, kind: current.kind, decides: current.decides },
          to: { name: updated.name, kind: updated.kind, decides: updated.decides },
        },
      })
      return { before: current, after: updated }
    })
    const describe = (d: typeof before) =>
      `${d.name}, ${d.kind}, ${d.decides ? 'decides' : 'advisory'}`
    io.out(`delegation ${after.code}: ${describe(before)} → ${describe(after)}`)
    return EXIT.ok
  })
}

export const createDeclarationOptions = {
  conference: conferenceOption,
  title: { type: 'string', required: true, placeholder: 'T', help: 'the declaration’s title' },
} as const satisfies OptionSpecs

/** Creates a declaration, in the drafting stage, as the REST API does. */
export function createDeclaration(
  services: CliServices,
  options: ParsedOptions<typeof createDeclarationOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const title = valid(CreateDeclaration.shape.title, options.title, 'title')
    const conference = await conferenceOf(services, options.conference)
    const declaration = await inTransaction(services, async ({ conferences, audit }) => {
      const created = await conferences.createDeclaration(conference.id, title)
      await audit.record({
        ...CLI_AUDIT,
        action: 'declaration.create',
        outcome: 'ok',
        conferenceId: conference.id,
        target: created.id,
      })
      return created
    })
    io.out(`created declaration "${declaration.title}" in ${conference.name}, in drafting`)
    io.out(`declaration id: ${declaration.id}`)
    return EXIT.ok
  })
}

export const listDeclarationsOptions = {
  conference: conferenceOption,
  json: jsonOption,
} as const satisfies OptionSpecs

/** Lists a conference's declarations with their stage. */
export function listDeclarations(
  services: CliServices,
  options: ParsedOptions<typeof listDeclarationsOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const conference = await conferenceOf(services, options.conference)
    const declarations = await services.conferences.declarations(conference.id)
    if (options.json) {
      printJson(io, declarations)
      return EXIT.ok
    }
    printTable(
      io,
      ['ID', 'STAGE', 'TITLE'],
      declarations.map((d) => [d.id, d.stage, d.title]),
      `no declarations in ${conference.name}`,
    )
    return EXIT.ok
  })
}
