import { z } from 'zod'
import { ApiError } from '../errors.js'
import { CreateInvitation } from '../routes/conferences/schema.js'
import { Email, IdParam, RoleSchema } from '../routes/schemas.js'
import { type OptionSpecs, type ParsedOptions, UsageError } from './args.js'
import { conferenceOption, jsonOption } from './conferenceCommands.js'
import {
  CLI_AUDIT,
  CLI_CREATOR,
  type CliIo,
  type CliServices,
  conferenceOf,
  delegationOf,
  EXIT,
  formatTime,
  guarded,
  inTransaction,
  printJson,
  printTable,
  valid,
} from './support.js'

/** The delegation code of each delegation id of a conference, for listings. */
async function codesById(services: CliServices, conferenceId: string) {
  const delegations = await services.conferences.delegations(conferenceId)
  return new Map(delegations.map((d) => [d.id, d.code]))
}

export const listMembersOptions = {
  conference: conferenceOption,
  json: jsonOption,
} as const satisfies OptionSpecs

/** Lists a conference's current members with their role and delegation. */
export function listMembers(
  services: CliServices,
  options: ParsedOptions<typeof listMembersOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const conference = await conferenceOf(services, options.conference)
    const members = await services.conferences.members(conference.id)
    const codes = await codesById(services, conference.id)
    const rows = members.map((m) => ({
      ...m,
      delegationCode: m.delegationId === null ? null : (codes.get(m.delegationId) ?? null),
    }))
    if (options.json) {
      printJson(io, rows)
      return EXIT.ok
    }
    printTable(
      io,
      ['EMAIL', 'NAME', 'ROLE', 'DELEGATION', 'MEMBERSHIP ID'],
      rows.map((m) => [m.email, m.name, m.role, m.delegationCode ?? '-', m.membershipId]),
      `no members in ${conference.name} (invite one with \`pnpm accord invite\`)`,
    )
    return EXIT.ok
  })
}

export const removeMemberOptions = {
  conference: conferenceOption,
  email: { type: 'string', required: true, placeholder: 'E', help: 'the member’s email' },
} as const satisfies OptionSpecs

/**
 * Removes a member from a conference. Their live connections lose access at the server's next
 * periodic check (at most 5 minutes); REST calls are refused at once.
 */
export function removeMember(
  services: CliServices,
  options: ParsedOptions<typeof removeMemberOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const email = valid(Email, options.email, 'email')
    const conference = await conferenceOf(services, options.conference)
    const member = await inTransaction(services, async ({ conferences, audit }) => {
      const found = (await conferences.members(conference.id)).find((m) => m.email === email)
      if (!found) {
        throw new ApiError(
          'not_found',
          `${email} is not a member of ${conference.name} (\`pnpm accord list-members\` lists them)`,
        )
      }
      await conferences.removeMember(conference.id, found.membershipId)
      await audit.record({
        ...CLI_AUDIT,
        action: 'membership.remove',
        outcome: 'ok',
        conferenceId: conference.id,
        target: found.userId,
      })
      return found
    })
    io.out(`removed ${member.email} (${member.role}) from ${conference.name}`)
    io.out(
      'Their REST calls are refused now; a running server closes their live connections within 5 minutes.',
    )
    return EXIT.ok
  })
}

const BaseUrl = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL such as https://accord.example.org' })
  .transform((url) => new URL(url).origin)

export const inviteOptions = {
  conference: conferenceOption,
  role: {
    type: 'string',
    required: true,
    placeholder: 'R',
    help: 'secretariat, delegate or observer',
  },
  delegation: {
    type: 'string',
    placeholder: 'CODE',
    help: 'the delegation a delegate joins (required for delegates)',
  },
  email: { type: 'string', placeholder: 'E', help: 'only this email may accept it' },
  'expires-in-hours': {
    type: 'string',
    placeholder: 'H',
    help: 'hours until the link expires, 1 to 720 (default 168, a week)',
  },
  'base-url': {
    type: 'string',
    placeholder: 'URL',
    help: 'where browsers reach the server (default from HOST and PORT)',
  },
} as const satisfies OptionSpecs

/**
 * Creates a single-use invitation and prints its link once. The token is printed, never stored
 * (only its hash is) and never audited or logged; whoever holds the link can join.
 */
export function invite(
  services: CliServices,
  options: ParsedOptions<typeof inviteOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const role = valid(RoleSchema, options.role.trim(), 'role')
    if (role === 'delegate' && options.delegation === undefined) {
      throw new UsageError('--delegation: a delegate joins a delegation; pass its code')
    }
    if (role !== 'delegate' && options.delegation !== undefined) {
      throw new UsageError(`--delegation: only delegates belong to a delegation, not a ${role}`)
    }
    const email = options.email === undefined ? null : valid(Email, options.email, 'email')
    const hours =
      options['expires-in-hours'] === undefined
        ? CreateInvitation.shape.expiresInHours.parse(undefined)
        : valid(
            z.coerce.number().pipe(CreateInvitation.shape.expiresInHours.unwrap()),
            options['expires-in-hours'],
            'expires-in-hours',
          )
    const baseUrl = valid(BaseUrl, options['base-url'] ?? services.context.baseUrl, 'base-url')
    const conference = await conferenceOf(services, options.conference)
    const delegation =
      options.delegation === undefined
        ? null
        : await delegationOf(services, conference.id, options.delegation)
    const invitation = await inTransaction(services, async ({ conferences, audit }) => {
      const created = await conferences.invite(
        conference.id,
        { role, delegationId: delegation?.id ?? null, email, ttlMs: hours * 3_600_000 },
        CLI_CREATOR,
      )
      await audit.record({
        ...CLI_AUDIT,
        action: 'invitation.create',
        outcome: 'ok',
        conferenceId: conference.id,
        target: created.id,
        detail: { via: 'cli', role, delegationId: delegation?.id ?? null },
      })
      return created
    })
    const who = delegation ? `a delegate of ${delegation.code}` : `the ${role}`
    io.out(`invitation ${invitation.id}: ${who} of ${conference.name}`)
    io.out(`expires ${formatTime(invitation.expiresAt)}${email ? `; only for ${email}` : ''}`)
    // The fragment keeps the token out of server and proxy logs (security.md, G1).
    io.out(`link: ${baseUrl}/app/#/invitation/${invitation.token}`)
    io.out(
      'It is shown only this once and works once: pass it on over a secure channel. Revoke it with `pnpm accord revoke-invitation`.',
    )
    return EXIT.ok
  })
}

export const listInvitationsOptions = {
  conference: conferenceOption,
  all: { type: 'boolean', help: 'also used, expired and revoked invitations' },
  json: jsonOption,
} as const satisfies OptionSpecs

/** Lists a conference's invitations (open ones unless --all): what each grants, never a link. */
export function listInvitations(
  services: CliServices,
  options: ParsedOptions<typeof listInvitationsOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    const conference = await conferenceOf(services, options.conference)
    const all = await services.conferences.invitations.list(conference.id)
    const shown = options.all ? all : all.filter((i) => i.state === 'open')
    if (options.json) {
      printJson(io, shown)
      return EXIT.ok
    }
    printTable(
      io,
      ['ID', 'STATE', 'ROLE', 'DELEGATION', 'EMAIL', 'EXPIRES'],
      shown.map((i) => [
        i.id,
        i.state,
        i.role,
        i.delegationCode ?? '-',
        i.email ?? '-',
        formatTime(i.expiresAt),
      ]),
      options.all
        ? `no invitations in ${conference.name}`
        : `no open invitations in ${conference.name} (--all shows the others)`,
    )
    return EXIT.ok
  })
}

export const revokeInvitationOptions = {
  conference: conferenceOption,
  invitation: {
    type: 'string',
    required: true,
    placeholder: 'ID',
    help: 'the invitation’s id (see list-invitations; not the link)',
  },
} as const satisfies OptionSpecs

/** Withdraws an unused invitation: its link stops working at once. */
export function revokeInvitation(
  services: CliServices,
  options: ParsedOptions<typeof revokeInvitationOptions>,
  io: CliIo,
): Promise<number> {
  return guarded(io, async () => {
    // Someone may paste the whole link or token: take the id before the dot, and never echo the
    // secret after it.
    const raw = options.invitation.trim()
    const id = valid(IdParam, raw.replace(/^.*\/invitation\//, '').split('.')[0]!, 'invitation')
    const conference = await conferenceOf(services, options.conference)
    await inTransaction(services, async ({ conferences, audit }) => {
      await conferences.invitations.revoke(conference.id, id)
      await audit.record({
        ...CLI_AUDIT,
        action: 'invitation.revoke',
        outcome: 'ok',
        conferenceId: conference.id,
        target: id,
      })
    })
    io.out(`revoked invitation ${id}: its link no longer works`)
    return EXIT.ok
  })
}
