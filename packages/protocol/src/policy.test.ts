import { describe, expect, it } from 'vitest'
import { DOCUMENT_KINDS, type DocumentRef } from './documentRef.js'
import {
  type Access,
  type Action,
  accessDecision,
  COMMANDS,
  type Command,
  decideAccess,
  type Membership,
  type Resource,
  ROLES,
  STAGES,
} from './policy.js'

/*
 * The whole access matrix, as data. It is written from the design brief's "Access rules" and
 * "Who uses it", plus the extra decisions that policy.ts documents in its comments (delegates
 * see no draft or shared mirror in drafting; observers may `view` a conference only; positions
 * are set while negotiating and silence is broken while it runs). It is deliberately NOT derived
 * from the code: every combination is asserted against these tables, and docs/security.md shows
 * the same tables. Where the code departs from the design, the row is listed in
 * KNOWN_DISAGREEMENTS below and asserted to the design's rule as an expected failure.
 */

const CONFERENCE = 'c1'
const DECLARATION = 'd1'
const DELEGATION_A = 'a'
const DELEGATION_B = 'b'

/** Who asks. Each key is one row of the matrix. */
const WHO = {
  secretariat: {
    label: 'secretariat',
    userId: 'u-sec',
    memberships: [
      { conferenceId: CONFERENCE, role: 'secretariat', delegationId: null, decides: false },
    ],
  },
  deciderA: {
    label: 'delegate of A (deciding)',
    userId: 'u-a1',
    memberships: [
      { conferenceId: CONFERENCE, role: 'delegate', delegationId: DELEGATION_A, decides: true },
    ],
  },
  advisoryA: {
    label: 'delegate of A (advisory)',
    userId: 'u-a2',
    memberships: [
      { conferenceId: CONFERENCE, role: 'delegate', delegationId: DELEGATION_A, decides: false },
    ],
  },
  // Also the secretariat of another conference: that must lend no rights here.
  delegateB: {
    label: 'delegate of B (deciding)',
    userId: 'u-b',
    memberships: [
      { conferenceId: 'c2', role: 'secretariat', delegationId: null, decides: false },
      { conferenceId: CONFERENCE, role: 'delegate', delegationId: DELEGATION_B, decides: true },
    ],
  },
  // Also the secretariat of another conference: that must lend no rights here.
  observer: {
    label: 'observer',
    userId: 'u-obs',
    memberships: [
      { conferenceId: CONFERENCE, role: 'observer', delegationId: null, decides: false },
      { conferenceId: 'c2', role: 'secretariat', delegationId: null, decides: false },
    ],
  },
  nonMember: { label: 'user with no membership', userId: 'u-none', memberships: [] },
  // The secretariat of one conference and a deciding delegate of a delegation with the same id
  // as A in another: neither a role nor a delegation id may leak across conferences.
  elsewhere: {
    label: 'member of other conferences only',
    userId: 'u-else',
    memberships: [
      { conferenceId: 'c2', role: 'secretariat', delegationId: null, decides: false },
      { conferenceId: 'c3', role: 'delegate', delegationId: DELEGATION_A, decides: true },
    ],
  },
} as const satisfies Record<
  string,
  { label: string; userId: string; memberships: readonly Membership[] }
>
type Who = keyof typeof WHO
const WHO_KEYS = Object.keys(WHO) as Who[]

const declarationDoc = (kind: 'draft' | 'shared'): DocumentRef => ({
  kind,
  conferenceId: CONFERENCE,
  declarationId: DECLARATION,
})
const delegationDoc = (delegationId: string): DocumentRef => ({
  kind: 'delegation',
  conferenceId: CONFERENCE,
  declarationId: DECLARATION,
  delegationId,
})

function comment(
  visibility: 'all' | 'delegation',
  authorUserId: string,
  authorDelegationId: string | null,
) {
  return {
    type: 'comment',
    conferenceId: CONFERENCE,
    visibility,
    authorUserId,
    authorDelegationId,
  } as const
}

/** What is asked about: the five documents, the four other resources, then four comments. */
const WHAT = {
  draft: { label: 'draft text', resource: { type: 'document', document: declarationDoc('draft') } },
  shared: {
    label: 'shared mirror',
    resource: { type: 'document', document: declarationDoc('shared') },
  },
  mirrorA: {
    label: "delegation A's mirror",
    resource: { type: 'document', document: delegationDoc(DELEGATION_A) },
  },
  mirrorB: {
    label: "delegation B's mirror",
    resource: { type: 'document', document: delegationDoc(DELEGATION_B) },
  },
  workspace: {
    label: 'secretariat workspace',
    resource: { type: 'document', document: { kind: 'secretariat', conferenceId: CONFERENCE } },
  },
  conference: { label: 'conference', resource: { type: 'conference', conferenceId: CONFERENCE } },
  declaration: {
    label: 'declaration',
    resource: { type: 'declaration', conferenceId: CONFERENCE },
  },
  delegationA: {
    label: 'delegation A',
    resource: { type: 'delegation', conferenceId: CONFERENCE, delegationId: DELEGATION_A },
  },
  delegationB: {
    label: 'delegation B',
    resource: { type: 'delegation', conferenceId: CONFERENCE, delegationId: DELEGATION_B },
  },
  // Existing comments, each by one author of the WHO table: whose it is decides who may act on it.
  secretariatComment: {
    label: "the secretariat's shared comment",
    resource: comment('all', 'u-sec', null),
  },
  sharedByA: {
    label: "A's decider's shared comment",
    resource: comment('all', 'u-a1', DELEGATION_A),
  },
  internalByA: {
    label: "A's decider's internal comment",
    resource: comment('delegation', 'u-a1', DELEGATION_A),
  },
  sharedByB: {
    label: "B's delegate's shared comment",
    resource: comment('all', 'u-b', DELEGATION_B),
  },
} as const satisfies Record<string, { label: string; resource: Resource }>
type What = keyof typeof WHAT
type DocumentWhat = 'draft' | 'shared' | 'mirrorA' | 'mirrorB' | 'workspace'
type CommentWhat = 'secretariatComment' | 'sharedByA' | 'internalByA' | 'sharedByB'
type OtherWhat = Exclude<What, DocumentWhat | CommentWhat>
const WHAT_KEYS = Object.keys(WHAT) as What[]

/** The stage columns of the tables, in this order; null is "no declaration". */
const STAGE_COLUMNS = ['drafting', 'negotiating', 'silence', 'adopted', null] as const
type StageColumn = (typeof STAGE_COLUMNS)[number]
const ANY_STAGE = STAGE_COLUMNS

const ACTIONS: readonly Action[] = ['open', 'view', ...COMMANDS]

type ByStage = readonly [
  drafting: Access,
  negotiating: Access,
  silence: Access,
  adopted: Access,
  none: Access,
]

const deny = 'deny'
const read = 'read'
const write = 'write'
const NEVER: ByStage = [deny, deny, deny, deny, deny]

/**
 * `open` on a document (the relay). Columns: drafting, negotiating, silence, adopted, no stage.
 * - Draft text: the secretariat writes in drafting and negotiating, delegates write in
 *   negotiating; nobody writes in silence or adopted; delegates see nothing in drafting (a
 *   documented decision of policy.ts); observers never.
 * - Shared mirror: conference members read, nobody writes (only the server does); observers
 *   never receive a live Y.Doc; delegates see nothing in drafting.
 * - A delegation's mirror: that delegation's members read; nobody else, the secretariat included.
 * - The secretariat workspace: the secretariat writes; nobody else sees it.
 */
// biome-ignore format: a table reads best aligned
const OPEN: Record<DocumentWhat, Record<Who, ByStage>> = {
  draft: {
    secretariat: [write, write, read, read, read],
    deciderA:    [deny,  write, read, read, deny],
    advisoryA:   [deny,  write, read, read, deny],
    delegateB:   [deny,  write, read, read, deny],
    observer:    NEVER,
    nonMember:   NEVER,
    elsewhere:   NEVER,
  },
  shared: {
    secretariat: [read, read, read, read, read],
    deciderA:    [deny, read, read, read, deny],
    advisoryA:   [deny, read, read, read, deny],
    delegateB:   [deny, read, read, read, deny],
    observer:    NEVER,
    nonMember:   NEVER,
    elsewhere:   NEVER,
  },
  mirrorA: {
    secretariat: NEVER,
    deciderA:    [read, read, read, read, read],
    advisoryA:   [read, read, read, read, read],
    delegateB:   NEVER,
    observer:    NEVER,
    nonMember:   NEVER,
    elsewhere:   NEVER,
  },
  mirrorB: {
    secretariat: NEVER,
    deciderA:    NEVER,
    advisoryA:   NEVER,
    delegateB:   [read, read, read, read, read],
    observer:    NEVER,
    nonMember:   NEVER,
    elsewhere:   NEVER,
  },
  workspace: {
    secretariat: [write, write, write, write, write],
    deciderA:    NEVER,
    advisoryA:   NEVER,
    delegateB:   NEVER,
    observer:    NEVER,
    nonMember:   NEVER,
    elsewhere:   NEVER,
  },
}

/**
 * `view` of a resource that is not a document (REST reads), at every stage alike. Conference
 * members see them; observers see the conference and its declarations (titles and stages), not
 * a delegation's resources (a documented decision of policy.ts).
 */
// biome-ignore format: a table reads best aligned
const VIEW: Record<Who, Record<OtherWhat, Access>> = {
  secretariat: { conference: read, declaration: read, delegationA: read, delegationB: read },
  deciderA:    { conference: read, declaration: read, delegationA: read, delegationB: read },
  advisoryA:   { conference: read, declaration: read, delegationA: read, delegationB: read },
  delegateB:   { conference: read, declaration: read, delegationA: read, delegationB: read },
  observer:    { conference: read, declaration: read, delegationA: deny, delegationB: deny },
  nonMember:   { conference: deny, declaration: deny, delegationA: deny, delegationB: deny },
  elsewhere:   { conference: deny, declaration: deny, delegationA: deny, delegationB: deny },
}

/**
 * `view` of a comment: a shared one as the declaration (members but observers), an internal one
 * by its delegation's members only.
 */
// biome-ignore format: a table reads best aligned
const VIEW_COMMENT: Record<Who, Record<CommentWhat, Access>> = {
  secretariat: { secretariatComment: read, sharedByA: read, internalByA: deny, sharedByB: read },
  deciderA:    { secretariatComment: read, sharedByA: read, internalByA: read, sharedByB: read },
  advisoryA:   { secretariatComment: read, sharedByA: read, internalByA: read, sharedByB: read },
  delegateB:   { secretariatComment: read, sharedByA: read, internalByA: deny, sharedByB: read },
  observer:    { secretariatComment: deny, sharedByA: deny, internalByA: deny, sharedByB: deny },
  nonMember:   { secretariatComment: deny, sharedByA: deny, internalByA: deny, sharedByB: deny },
  elsewhere:   { secretariatComment: deny, sharedByA: deny, internalByA: deny, sharedByB: deny },
}

type Grants = Partial<
  Record<Who, Partial<Record<Exclude<What, DocumentWhat>, readonly StageColumn[]>>>
>
const NEGOTIATING = ['negotiating'] as const
const EVERY_RESOURCE = {
  conference: ANY_STAGE,
  declaration: ANY_STAGE,
  delegationA: ANY_STAGE,
  delegationB: ANY_STAGE,
}

/**
 * Commands: who may (`write`) on which resource in which stages. Anything not listed is `deny`.
 * - Managing the conference and moving the stage belong to the secretariat.
 * - A position is set only by a member of its delegation, while negotiating (policy.ts); the
 *   secretariat records one on a delegation's behalf (stated in the room), while negotiating.
 * - Comments: shared ones (conference, declaration) by delegates and the secretariat; internal
 *   ones (a delegation) only by that delegation's members; while negotiating (policy.ts).
 * - Breaking silence belongs to deciding delegations, for their own delegation, during silence.
 * - An existing comment is edited or deleted by its author only, resolved or reopened by its
 *   author, their delegation or (a shared one) the secretariat; an internal one only within its
 *   delegation; and all of it only while negotiating, like new comments (issue #11).
 */
const COMMAND_GRANTS: Record<Command, Grants> = {
  'conference.manage': { secretariat: EVERY_RESOURCE },
  'declaration.setStage': { secretariat: EVERY_RESOURCE },
  'paragraph.setStatus': {
    secretariat: {
      conference: ['drafting', 'negotiating'],
      declaration: ['drafting', 'negotiating'],
      delegationA: ['drafting', 'negotiating'],
      delegationB: ['drafting', 'negotiating'],
    },
  },
  'proposal.decide': {
    secretariat: {
      conference: ['drafting', 'negotiating'],
      declaration: ['drafting', 'negotiating'],
      delegationA: ['drafting', 'negotiating'],
      delegationB: ['drafting', 'negotiating'],
    },
  },
  'position.set': {
    secretariat: { delegationA: ['negotiating'], delegationB: ['negotiating'] },
    deciderA: { delegationA: ['negotiating'] },
    advisoryA: { delegationA: ['negotiating'] },
    delegateB: { delegationB: ['negotiating'] },
  },
  'comment.create': {
    secretariat: { conference: ['negotiating'], declaration: ['negotiating'] },
    deciderA: {
      conference: ['negotiating'],
      declaration: ['negotiating'],
      delegationA: ['negotiating'],
    },
    advisoryA: {
      conference: ['negotiating'],
      declaration: ['negotiating'],
      delegationA: ['negotiating'],
    },
    delegateB: {
      conference: ['negotiating'],
      declaration: ['negotiating'],
      delegationB: ['negotiating'],
    },
  },
  'silence.break': {
    deciderA: { delegationA: ['silence'] },
    delegateB: { delegationB: ['silence'] },
  },
  'comment.edit': {
    secretariat: { secretariatComment: NEGOTIATING },
    deciderA: { sharedByA: NEGOTIATING, internalByA: NEGOTIATING },
    delegateB: { sharedByB: NEGOTIATING },
  },
  'comment.delete': {
    secretariat: { secretariatComment: NEGOTIATING },
    deciderA: { sharedByA: NEGOTIATING, internalByA: NEGOTIATING },
    delegateB: { sharedByB: NEGOTIATING },
  },
  'comment.resolve': {
    secretariat: {
      secretariatComment: NEGOTIATING,
      sharedByA: NEGOTIATING,
      sharedByB: NEGOTIATING,
    },
    deciderA: { sharedByA: NEGOTIATING, internalByA: NEGOTIATING },
    advisoryA: { sharedByA: NEGOTIATING, internalByA: NEGOTIATING },
    delegateB: { sharedByB: NEGOTIATING },
  },
}

function isDocument(what: What): what is DocumentWhat {
  return WHAT[what].resource.type === 'document'
}

function isComment(what: What): what is CommentWhat {
  return WHAT[what].resource.type === 'comment'
}

/** The access the design grants, read off the tables above. */
function expectedAccess(who: Who, what: What, stage: StageColumn, action: Action): Access {
  if (isDocument(what)) {
    // Documents are only opened; REST never serves them and commands never target them.
    if (action !== 'open') return deny
    const access = OPEN[what][who][STAGE_COLUMNS.indexOf(stage)]
    if (access === undefined) throw new Error(`no column for stage ${stage}`)
    return access
  }
  if (action === 'open') return deny
  if (action === 'view') return isComment(what) ? VIEW_COMMENT[who][what] : VIEW[who][what]
  return COMMAND_GRANTS[action][who]?.[what]?.includes(stage) ? write : deny
}

/**
 * Rows where policy.ts disagrees with the design today. Each is asserted to the design's rule
 * with `it.fails`; once the policy (or the design) changes, remove the row. See docs/security.md.
 *
 * `comment.create` ignores whose delegation the resource is: anyone allowed to comment may also
 * comment on another delegation's resource, i.e. write into a space that only that delegation's
 * members may see ("not other delegations, not the secretariat").
 */
// biome-ignore format: a table reads best aligned
const KNOWN_DISAGREEMENTS: ReadonlyArray<{
  who: Who
  what: What
  stage: StageColumn
  action: Action
  code: Access
}> = []

interface Row {
  readonly name: string
  readonly key: string
  readonly who: Who
  readonly what: What
  readonly stage: StageColumn
  readonly action: Action
  readonly expected: Access
}

const keyOf = (who: Who, what: What, stage: StageColumn, action: Action) =>
  `${who}|${what}|${stage}|${action}`

const rows: Row[] = []
for (const who of WHO_KEYS) {
  for (const what of WHAT_KEYS) {
    for (const stage of STAGE_COLUMNS) {
      for (const action of ACTIONS) {
        const expected = expectedAccess(who, what, stage, action)
        rows.push({
          name: `${WHO[who].label} · ${action} · ${WHAT[what].label} · stage ${stage ?? 'none'} → ${expected}`,
          key: keyOf(who, what, stage, action),
          who,
          what,
          stage,
          action,
          expected,
        })
      }
    }
  }
}

const disagreementKeys = new Set(
  KNOWN_DISAGREEMENTS.map((d) => keyOf(d.who, d.what, d.stage, d.action)),
)
const agreed = rows.filter((row) => !disagreementKeys.has(row.key))
const disputed = rows.filter((row) => disagreementKeys.has(row.key))

function request(row: Row) {
  return {
    memberships: WHO[row.who].memberships,
    resource: WHAT[row.what].resource,
    stage: row.stage,
    action: row.action,
    userId: WHO[row.who].userId,
  }
}

function decide(row: Row): Access {
  return decideAccess(request(row))
}

describe('the access policy over every combination', () => {
  it('covers the full product of roles, resources, stages and actions', () => {
    expect(WHO_KEYS).toHaveLength(7)
    expect(WHAT_KEYS).toHaveLength(13)
    expect(STAGE_COLUMNS).toHaveLength(5)
    expect(ACTIONS).toHaveLength(12)
    expect(rows).toHaveLength(7 * 13 * 5 * 12)
    expect(rows).toHaveLength(
      WHO_KEYS.length * WHAT_KEYS.length * STAGE_COLUMNS.length * ACTIONS.length,
    )
    expect(new Set(rows.map((row) => row.key)).size).toBe(rows.length)
    expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length)
    expect(agreed.length + disputed.length).toBe(rows.length)
  })

  it('was written for exactly the roles, stages, document kinds and commands the policy knows', () => {
    // A new stage, role, kind or command must be added to the tables above, not silently skipped.
    expect(STAGES).toEqual(['drafting', 'negotiating', 'silence', 'adopted'])
    expect(STAGE_COLUMNS).toEqual([...STAGES, null])
    expect(ROLES).toEqual(['secretariat', 'delegate', 'observer'])
    expect(COMMANDS).toEqual([
      'conference.manage',
      'declaration.setStage',
      'position.set',
      'comment.create',
      'silence.break',
      'paragraph.setStatus',
      'proposal.decide',
      'comment.edit',
      'comment.delete',
      'comment.resolve',
    ])
    const kinds = new Set(
      Object.values(WHAT).flatMap(({ resource }) =>
        resource.type === 'document' ? [resource.document.kind] : [],
      ),
    )
    expect([...kinds].sort()).toEqual([...DOCUMENT_KINDS].sort())
    const types = new Set(Object.values(WHAT).map(({ resource }) => resource.type))
    expect([...types].sort()).toEqual([
      'comment',
      'conference',
      'declaration',
      'delegation',
      'document',
    ])
    const roles = new Set(
      Object.values(WHO).flatMap(({ memberships }) =>
        memberships.filter((m) => m.conferenceId === CONFERENCE).map((m) => m.role),
      ),
    )
    expect([...roles].sort()).toEqual([...ROLES].sort())
  })

  it.each(agreed)('$name', (row) => {
    expect(decide(row)).toBe(row.expected)
  })
})

describe('where policy.ts departs from the design (expected failures, see docs/security.md)', () => {
  it('lists exactly the rows where the policy and the design differ, with what the code says', () => {
    const differing = rows
      .filter((row) => decide(row) !== row.expected)
      .map((row) => ({
        who: row.who,
        what: row.what,
        stage: row.stage,
        action: row.action,
        code: decide(row),
      }))
    expect(differing).toEqual([...KNOWN_DISAGREEMENTS])
  })

  it.fails.each(disputed)('$name', (row) => {
    expect(decide(row)).toBe(row.expected)
  })
})

describe('refusals say who may, or when', () => {
  const GENERIC = /^(you may not do this|forbidden|access denied|not allowed)$/i
  const refused = rows.filter((row) => decide(row) === deny)

  it('gives every refusal of every action and role its own reason, never a generic one', () => {
    expect(refused.length).toBeGreaterThan(1000)
    for (const row of refused) {
      const decision = accessDecision(request(row))
      expect(decision.access, row.name).toBe(deny)
      expect(decision.reason, row.name).toEqual(expect.any(String))
      expect(decision.reason!.length, row.name).toBeGreaterThan(20)
      expect(decision.reason, row.name).not.toMatch(GENERIC)
    }
    // A grant carries no reason, and agrees with decideAccess.
    for (const row of rows.filter((r) => decide(r) !== deny)) {
      expect(accessDecision(request(row)), row.name).toEqual({ access: decide(row), reason: null })
    }
  })

  it('names who may, for a command refused to the wrong role', () => {
    const reasonOf = (who: Who, what: What, stage: StageColumn, action: Action) =>
      accessDecision(request({ who, what, stage, action } as Row)).reason
    expect(reasonOf('deciderA', 'declaration', 'negotiating', 'paragraph.setStatus')).toBe(
      "only the secretariat sets a paragraph's status",
    )
    expect(reasonOf('deciderA', 'declaration', 'negotiating', 'proposal.decide')).toBe(
      'only the secretariat accepts or rejects a proposal',
    )
    expect(reasonOf('observer', 'declaration', 'negotiating', 'comment.create')).toBe(
      'only delegates and the secretariat comment',
    )
    expect(reasonOf('advisoryA', 'delegationA', 'silence', 'silence.break')).toBe(
      'only a deciding delegation breaks silence; yours is advisory',
    )
    expect(reasonOf('delegateB', 'sharedByA', 'negotiating', 'comment.edit')).toBe(
      'only its author edits a comment',
    )
    expect(reasonOf('secretariat', 'internalByA', 'negotiating', 'comment.resolve')).toBe(
      'only a member of its delegation resolves or reopens an internal comment',
    )
    expect(reasonOf('secretariat', 'declaration', 'negotiating', 'position.set')).toBe(
      "the secretariat records a position on one delegation's behalf",
    )
    expect(reasonOf('delegateB', 'delegationA', 'negotiating', 'position.set')).toBe(
      "a delegate states only their own delegation's position",
    )
  })

  it('says when, for a command refused in the wrong stage, naming the stage', () => {
    for (const action of ['comment.edit', 'comment.delete', 'comment.resolve'] as const) {
      const reason = accessDecision(
        request({ who: 'deciderA', what: 'sharedByA', stage: 'silence', action } as Row),
      ).reason
      expect(reason, action).toMatch(
        /only while the text is negotiated; this declaration is in silence$/,
      )
    }
    expect(
      accessDecision(
        request({
          who: 'secretariat',
          what: 'declaration',
          stage: 'adopted',
          action: 'paragraph.setStatus',
        } as Row),
      ).reason,
    ).toBe('statuses are set only while drafting or negotiating; this declaration is in adopted')
  })

  it('refuses every action on an existing comment outside negotiation, for everyone', () => {
    for (const row of rows) {
      if (!isComment(row.what) || row.stage === 'negotiating') continue
      if (!row.action.startsWith('comment.')) continue
      expect(decide(row), row.name).toBe(deny)
    }
  })

  it('decides authorship from the user asking, not from a delegation: no user, no authorship', () => {
    const edit = {
      memberships: WHO.deciderA.memberships,
      resource: WHAT.sharedByA.resource,
      stage: 'negotiating',
      action: 'comment.edit',
    } as const
    expect(decideAccess({ ...edit, userId: 'u-a1' })).toBe(write)
    expect(decideAccess(edit)).toBe(deny)
    expect(decideAccess({ ...edit, userId: null })).toBe(deny)
    expect(decideAccess({ ...edit, userId: 'U-A1' })).toBe(deny)
    expect(decideAccess({ ...edit, userId: 'u-a2' })).toBe(deny)
  })
})
