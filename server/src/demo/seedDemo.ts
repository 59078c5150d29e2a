import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Logger } from 'pino'
import { AuditLog } from '../audit/AuditLog.js'
import { hashPassword } from '../auth/passwords.js'
import { randomString } from '../auth/secrets.js'
import { SessionStore } from '../auth/sessions.js'
import { Accounts } from '../directory/Accounts.js'
import { Conferences } from '../directory/Conferences.js'
import type { Services } from '../services.js'
import { DEMO_ACCOUNTS, DEMO_CONFERENCE, DEMO_DELEGATIONS } from './demoConference.js'

/** The file, in the data directory, that holds the demo passwords (mode 0600). */
export const DEMO_CREDENTIALS_FILE = 'demo-credentials.txt'

/** One demo account as created, with its generated password. */
export interface DemoAccount {
  readonly label: string
  readonly email: string
  readonly password: string
}

/** What a seed created. */
export interface DemoSeed {
  readonly conferenceId: string
  readonly declarationId: string
  readonly accounts: readonly DemoAccount[]
  /** Absolute path of the credentials file. */
  readonly credentialsFile: string
}

const DAY_MS = 24 * 60 * 60 * 1000
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)

/**
 * On an empty database (no user and no conference), creates the demo conference: delegations
 * of every kind, an operator, a secretariat, delegates of three members and one stakeholder
 * group, an observer and a declaration under negotiation. Passwords are random for each
 * installation and go only to `<dataDir>/demo-credentials.txt` (mode 0600), never to the log.
 * Returns null, changing nothing, if the database holds anything.
 *
 * Everything happens in one transaction, and the file is written before it commits: a crash
 * mid-seed leaves the database empty (the next start seeds again), and a committed seed always
 * has its file. The passwords are hashed before the transaction opens: a write transaction that
 * waited on Argon2 would hold SQLite's lock, and every other writer would wait with it.
 */
export async function seedDemoIfEmpty(
  services: Pick<Services, 'db'>,
  dataDir: string,
  log: Logger,
  { appUrl, now = Date.now() }: { appUrl?: string; now?: number } = {},
): Promise<DemoSeed | null> {
  const anyone = await services.db.selectFrom('user').select('id').limit(1).executeTakeFirst()
  if (anyone) return null
  const credentials = await Promise.all(
    DEMO_ACCOUNTS.map(async () => {
      const password = randomString(20)
      return { password, passwordHash: await hashPassword(password) }
    }),
  )
  const seed = await services.db.transaction().execute(async (trx) => {
    const anyUser = await trx.selectFrom('user').select('id').limit(1).executeTakeFirst()
    const anyConference = await trx
      .selectFrom('conference')
      .select('id')
      .limit(1)
      .executeTakeFirst()
    if (anyUser || anyConference) return null

    const accounts = new Accounts(trx, new SessionStore(trx))
    const conferences = new Conferences(trx)
    // A meeting in session today, so that the declaration under negotiation makes sense.
    const conference = await conferences.create(
      {
        name: DEMO_CONFERENCE.name,
        venue: DEMO_CONFERENCE.venue,
        startsOn: isoDay(now),
        endsOn: isoDay(now + 2 * DAY_MS),
      },
      now,
    )
    const delegationIds = new Map<string, string>()
    for (const { code, name, kind } of DEMO_DELEGATIONS) {
      const delegation = await conferences.addDelegation(conference.id, {
        code,
        name,
        kind,
        decides: kind === 'member',
      })
      delegationIds.set(code, delegation.id)
    }
    // The hashes were computed above, outside the transaction.
    const created = await Promise.all(
      DEMO_ACCOUNTS.map(async (spec, index) => {
        const { password, passwordHash } = credentials[index]!
        const user = await accounts.create(
          {
            email: spec.email,
            name: spec.name,
            password,
            passwordHash,
            isOperator: spec.isOperator ?? false,
          },
          now,
        )
        if (spec.role) {
          const delegationId = spec.delegation ? delegationIds.get(spec.delegation)! : null
          await conferences.addMember(conference.id, user.id, spec.role, delegationId, now)
        }
        return { label: spec.label, email: user.email, password }
      }),
    )
    const declaration = await conferences.createDeclaration(
      conference.id,
      DEMO_CONFERENCE.declaration,
      now,
    )
    await conferences.setStage(conference.id, declaration.id, 'negotiating')
    await new AuditLog(trx).record(
      {
        actorUserId: null,
        action: 'demo.seed',
        outcome: 'ok',
        conferenceId: conference.id,
        detail: { via: 'demo', delegations: DEMO_DELEGATIONS.length, accounts: created.length },
      },
      now,
    )
    const credentialsFile = join(dataDir, DEMO_CREDENTIALS_FILE)
    const result: DemoSeed = {
      conferenceId: conference.id,
      declarationId: declaration.id,
      accounts: created,
      credentialsFile,
    }
    writeCredentials(result, appUrl, now)
    return result
  })
  if (seed) {
    // The log gets where to sign in and where the passwords are; never the passwords.
    log.info(
      { conferenceId: seed.conferenceId, signIn: appUrl, credentialsFile: seed.credentialsFile },
      'demo conference created',
    )
  }
  return seed
}

function writeCredentials(seed: DemoSeed, appUrl: string | undefined, now: number): void {
  const width = Math.max(...seed.accounts.map((account) => account.label.length))
  const emailWidth = Math.max(...seed.accounts.map((account) => account.email.length))
  const text = [
    'Accord demo: sign-in details of this installation',
    '',
    appUrl ? `Sign in at ${appUrl}` : 'Sign in at http://<HOST>:<PORT>/app',
    `Conference: ${DEMO_CONFERENCE.name} (${seed.conferenceId})`,
    `Declaration: ${DEMO_CONFERENCE.declaration} (negotiating)`,
    '',
    ...seed.accounts.map(
      (account) =>
        `${account.label.padEnd(width)}  ${account.email.padEnd(emailWidth)}  ${account.password}`,
    ),
    '',
    `Generated ${new Date(now).toISOString()}. The passwords are random for this installation.`,
    'Anyone who can read this file can sign in as these accounts: delete it once you no longer',
    'need it, and change the passwords (pnpm accord reset-password --email E) before real use.',
    '',
  ].join('\n')
  // `mode` applies only when the file is created; chmod also narrows an existing file.
  writeFileSync(seed.credentialsFile, text, { mode: 0o600 })
  chmodSync(seed.credentialsFile, 0o600)
}

/** What to tell the person who ran `pnpm start`, in plain text: where to go, where to look. */
export function signInHint(seed: DemoSeed, appUrl: string): string {
  return [
    '',
    'Accord: created a demo conference on this empty data directory.',
    `  Sign in at ${appUrl}`,
    `  The API reference is at ${appUrl.replace(/\/app$/, '')}/api/docs; published texts at ${appUrl.replace(/\/app$/, '')}/`,
    `  Accounts and passwords: ${seed.credentialsFile} (readable only by you)`,
    '  Start with ACCORD_DEMO=false to skip the demo on an empty data directory.',
    '',
  ].join('\n')
}
