import { EDITOR_SCHEMA_VERSION } from '@accord/editor'
import { documentName, type Role, STAGES, type Stage } from '@accord/protocol'
import {
  connectClient,
  startPolicyServer,
  type TestClient,
  tempDataDir,
  wsBase,
} from '@accord/server/testing'
import { type ApiClient, apiError, createApiClient } from '../src/index.js'

/** A server started by `startPolicyServer`: real HTTP, real relay, real SQLite. */
export type Server = Awaited<ReturnType<typeof startPolicyServer>>

/** The delegations every fixture conference has. */
export const DELEGATION_CODES = ['JPN', 'FRA', 'B20'] as const
export type DelegationCode = (typeof DELEGATION_CODES)[number]

/** A signed-in user of the fixture, with everything a test needs to act as them. */
export interface Person {
  readonly id: string
  readonly email: string
  readonly name: string
  readonly password: string
  /** A bearer token from POST /api/auth/login. */
  readonly token: string
  /** The typed API client, signed in with `token`. */
  readonly api: ApiClient
  /** The person's membership in the fixture conference; null for the operator. */
  readonly membershipId: string | null
}

/** One conference set up through the API, on its own server. */
export interface ConferenceFixture {
  readonly server: Server
  /** The server's data directory (the SQLite file lives here). */
  readonly dataDir: string
  /** `http://127.0.0.1:PORT/api` */
  readonly apiBase: string
  /** `ws://127.0.0.1:PORT/sync` */
  readonly wsBase: string
  readonly conferenceId: string
  /** A declaration in the negotiating stage. */
  readonly declarationId: string
  readonly delegations: Readonly<Record<DelegationCode, { id: string; code: string }>>
  readonly operator: Person
  readonly secretariat: Person
  readonly jpn: Person
  readonly fra: Person
  readonly observer: Person
  /** An anonymous API client. */
  readonly anonymous: ApiClient
  /**
   * Every secret the fixture issued or used: passwords, session tokens and their secret halves,
   * invitation tokens and their secret halves. Tests add their own with `remember`.
   */
  readonly secrets: string[]
  /** Records a token (and its secret half) or a password as something the database must not hold. */
  remember(secret: string): void
  /** Invites, accepts and signs in a new member through the API. */
  invite(role: Role, delegation?: DelegationCode, name?: string): Promise<Person>
  /** Signs in through the API with `mode: 'bearer'`; returns the token. */
  signIn(email: string, password: string): Promise<string>
  /** Creates a declaration as the secretariat and moves it to `stage`. */
  createDeclaration(title: string, stage?: Stage): Promise<string>
  /** Moves a declaration to a stage as the secretariat. */
  setStage(declarationId: string, stage: Stage): Promise<void>
  draft(declarationId?: string): string
  shared(declarationId?: string): string
  delegationDoc(code: DelegationCode, declarationId?: string): string
  secretariatDoc(): string
  /** A stock WebsocketProvider signed in with `token`; destroyed by `close`. */
  connect(name: string, token: string): TestClient
  /** Destroys every client `connect` made so far (between tests). */
  disconnectAll(): void
  /** Destroys clients, closes the server and removes its data. */
  close(): Promise<void>
}

let sequence = 0

/** Throws with the response body unless the status is as expected. */
export async function expectStatus(response: Response, status: number, what: string) {
  if (response.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${response.status} ${JSON.stringify(await apiError(response))}`,
    )
  }
}

/**
 * Starts a server and sets up a conference through the REST API: an operator, a secretariat,
 * delegations JPN (member, deciding), FRA (member) and B20 (stakeholder), a delegate of JPN and of
 * FRA, an observer, and a declaration in the negotiating stage.
 *
 * Everything goes through the API except the operator's account, which is created with
 * `services.accounts` (operators are made with the CLI, not over HTTP). The operator invites the
 * secretariat; the secretariat invites everyone else.
 */
export async function setUpConference(
  /** Relay limits other than the defaults, e.g. a small document size limit. */
  limits: Parameters<typeof startPolicyServer>[1] = {},
): Promise<ConferenceFixture> {
  const data = tempDataDir()
  const server = await startPolicyServer(data.dir, limits)
  const apiBase = `${server.url}/api`
  const anonymous = createApiClient(apiBase)
  const secrets: string[] = []
  const clients: TestClient[] = []
  const tag = `${process.pid}-${++sequence}`

  function remember(secret: string) {
    secrets.push(secret)
    const dot = secret.indexOf('.')
    if (dot > 0) secrets.push(secret.slice(dot + 1))
  }

  async function signIn(email: string, password: string): Promise<string> {
    const response = await anonymous.auth.login.$post({
      json: { email, password, mode: 'bearer' },
    })
    await expectStatus(response, 200, `sign-in of ${email}`)
    const body = await response.json()
    if (!('token' in body) || !body.token) throw new Error('a bearer sign-in returned no token')
    remember(body.token)
    return body.token
  }

  async function person(
    email: string,
    name: string,
    password: string,
    membershipId: string | null,
  ): Promise<Person> {
    const token = await signIn(email, password)
    const me = await createApiClient(apiBase, { token }).auth.me.$get()
    await expectStatus(me, 200, 'me')
    const { user } = await me.json()
    return {
      id: user.id,
      email,
      name,
      password,
      token,
      api: createApiClient(apiBase, { token }),
      membershipId,
    }
  }

  const operatorPassword = `operator password ${tag}`
  remember(operatorPassword)
  await server.services.accounts.create({
    email: `operator-${tag}@example.org`,
    name: 'Olga Operator',
    password: operatorPassword,
    isOperator: true,
  })
  const operator = await person(
    `operator-${tag}@example.org`,
    'Olga Operator',
    operatorPassword,
    null,
  )
  const created = await operator.api.conferences.$post({
    json: { name: 'G20 Ministerial', venue: 'Osaka', startsOn: '2026-06-01', endsOn: '2026-06-03' },
  })
  await expectStatus(created, 201, 'conference creation')
  const conferenceId = (await created.json()).id

  /**
   * Accepts an invitation (issued by `issuer`) as a new account and signs in. The membership is
   * looked up by the secretariat, who is the only one allowed to list members.
   */
  async function join(
    issuer: ApiClient,
    role: Role,
    delegationId: string | null,
    name: string | undefined,
    lister?: ApiClient,
  ): Promise<Person> {
    const n = ++sequence
    const response = await issuer.conferences[':conferenceId'].invitations.$post({
      param: { conferenceId },
      json: { role, delegationId },
    })
    await expectStatus(response, 201, `invitation of a ${role}`)
    const { token: invitationToken } = await response.json()
    remember(invitationToken)
    const email = `${role}-${n}-${tag}@example.org`
    const password = `password ${role} ${n} ${tag}`
    remember(password)
    const displayName = name ?? `${role} ${n}`
    const accepted = await anonymous.invitations.accept.$post({
      json: { token: invitationToken, name: displayName, email, password, mode: 'bearer' },
    })
    await expectStatus(accepted, 201, 'invitation acceptance')
    const acceptedBody = await accepted.json()
    if (acceptedBody.token) remember(acceptedBody.token)
    const joined = await person(email, displayName, password, null)
    const members = await (lister ?? joined.api).conferences[':conferenceId'].members.$get({
      param: { conferenceId },
    })
    await expectStatus(members, 200, 'member list')
    const member = (await members.json()).find((m) => m.userId === acceptedBody.user.id)
    if (!member) throw new Error('the accepted invitee is not a member')
    return { ...joined, membershipId: member.membershipId }
  }

  // The operator assigns the secretariat.
  const secretariat = await join(operator.api, 'secretariat', null, 'Sakura Chair')
  const conference = secretariat.api.conferences[':conferenceId']

  const delegations = {} as Record<DelegationCode, { id: string; code: string }>
  for (const [code, name, kind] of [
    ['JPN', 'Japan', 'member'],
    ['FRA', 'France', 'member'],
    ['B20', 'Business 20', 'stakeholder'],
  ] as const) {
    const response = await conference.delegations.$post({
      param: { conferenceId },
      json: { code, name, kind },
    })
    await expectStatus(response, 201, `delegation ${code}`)
    const delegation = await response.json()
    delegations[code] = { id: delegation.id, code: delegation.code }
  }

  function invite(role: Role, code?: DelegationCode, name?: string): Promise<Person> {
    return join(secretariat.api, role, code ? delegations[code].id : null, name, secretariat.api)
  }

  async function setStage(declarationId: string, stage: Stage): Promise<void> {
    const response = await conference.declarations[':declarationId'].stage.$put({
      param: { conferenceId, declarationId },
      json: { stage },
    })
    await expectStatus(response, 200, `stage ${stage}`)
  }

  async function createDeclaration(title: string, stage: Stage = 'drafting'): Promise<string> {
    const response = await conference.declarations.$post({
      param: { conferenceId },
      json: { title },
    })
    await expectStatus(response, 201, 'declaration creation')
    const { id } = await response.json()
    // Stages move one step at a time (STAGE_TRANSITIONS).
    for (const next of STAGES.slice(1, STAGES.indexOf(stage) + 1)) await setStage(id, next)
    return id
  }

  const jpn = await invite('delegate', 'JPN', 'Aiko Tanaka')
  const fra = await invite('delegate', 'FRA', 'Camille Martin')
  const observer = await invite('observer', undefined, 'Olivier Press')
  const declarationId = await createDeclaration('Osaka Declaration', 'negotiating')

  const base = wsBase(server)
  return {
    server,
    dataDir: data.dir,
    apiBase,
    wsBase: base,
    conferenceId,
    declarationId,
    delegations,
    operator,
    secretariat,
    jpn,
    fra,
    observer,
    anonymous,
    secrets,
    remember,
    invite,
    signIn,
    createDeclaration,
    setStage,
    draft: (id = declarationId) => documentName({ kind: 'draft', conferenceId, declarationId: id }),
    shared: (id = declarationId) =>
      documentName({ kind: 'shared', conferenceId, declarationId: id }),
    delegationDoc: (code, id = declarationId) =>
      documentName({
        kind: 'delegation',
        conferenceId,
        declarationId: id,
        delegationId: delegations[code].id,
      }),
    secretariatDoc: () => documentName({ kind: 'secretariat', conferenceId }),
    connect(name, token) {
      const client = connectClient(base, name, {
        params: { token, editor: String(EDITOR_SCHEMA_VERSION) },
      })
      clients.push(client)
      return client
    },
    disconnectAll() {
      for (const client of clients.splice(0)) client.destroy()
    },
    async close() {
      for (const client of clients.splice(0)) client.destroy()
      await server.close()
      data.cleanup()
    },
  }
}

/** The close codes a provider's connections ended with, in order, as the server sent them. */
export function closeCodesOf(client: TestClient): number[] {
  const codes: number[] = []
  client.provider.on('connection-close', (event: { code: number } | null) => {
    if (event) codes.push(event.code)
  })
  return codes
}

/** The typed API of the fixture declaration's negotiation (paragraphs, comments, positions…), as `person` calls it. */
export function negotiationApi(person: Person) {
  return person.api.conferences[':conferenceId'].declarations[':declarationId']
}

/** The newest audit entries of the fixture conference (the API returns up to 100), as the secretariat reads them. */
export async function conferenceAudit(f: ConferenceFixture) {
  const response = await f.secretariat.api.conferences[':conferenceId'].audit.$get({
    param: { conferenceId: f.conferenceId },
    query: {},
  })
  await expectStatus(response, 200, 'audit')
  return response.json()
}
