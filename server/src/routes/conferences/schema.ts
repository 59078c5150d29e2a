import { z } from '@hono/zod-openapi'
import { DELEGATION_KINDS } from '../../directory/Conferences.js'
import { Email, IdParam, Name, RoleSchema, StageSchema } from '../schemas.js'

const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')

export const ConferenceParams = z.object({ conferenceId: IdParam })
export const MemberParams = z.object({ conferenceId: IdParam, membershipId: IdParam })
export const DeclarationParams = z.object({ conferenceId: IdParam, declarationId: IdParam })

export const ConferenceSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    venue: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
  })
  .openapi('Conference')

export const CreateConference = z
  .object({ name: Name, venue: Name, startsOn: IsoDate, endsOn: IsoDate })
  .openapi('CreateConference')

export const DelegationSchema = z
  .object({
    id: z.string(),
    conferenceId: z.string(),
    code: z.string(),
    name: z.string(),
    kind: z.enum(DELEGATION_KINDS),
    decides: z.boolean(),
  })
  .openapi('Delegation')

export const CreateDelegation = z
  .object({
    /** ISO 3166-1 alpha-3 for states (JPN); short upper-case codes otherwise (EU, OECD, B20). */
    code: z.string().regex(/^[A-Z][A-Z0-9]{1,9}$/, 'an upper-case code such as JPN, EU or B20'),
    name: Name,
    kind: z.enum(DELEGATION_KINDS),
    /** Defaults to true for members and false otherwise. */
    decides: z.boolean().optional(),
  })
  .openapi('CreateDelegation')

export const MemberSchema = z
  .object({
    membershipId: z.string(),
    userId: z.string(),
    name: z.string(),
    email: z.string(),
    role: RoleSchema,
    delegationId: z.string().nullable(),
  })
  .openapi('Member')

export const CreateInvitation = z
  .object({
    role: RoleSchema,
    delegationId: IdParam.nullable().default(null),
    email: Email.nullable().default(null),
    /** Hours until the link expires: 1 to 720 (30 days). Default 168 (a week). */
    expiresInHours: z.number().int().min(1).max(720).default(168),
  })
  .openapi('CreateInvitation')

export const InvitationCreated = z
  .object({ id: z.string(), token: z.string(), url: z.string(), expiresAt: z.number() })
  .openapi('InvitationCreated')

export const DeclarationSchema = z
  .object({ id: z.string(), conferenceId: z.string(), title: z.string(), stage: StageSchema })
  .openapi('Declaration')

export const CreateDeclaration = z
  .object({ title: z.string().trim().min(1).max(300) })
  .openapi('CreateDeclaration')
export const SetStage = z.object({ stage: StageSchema }).openapi('SetStage')

export const AuditEntrySchema = z
  .object({
    id: z.number(),
    at: z.number(),
    actor_user_id: z.string().nullable(),
    action: z.string(),
    outcome: z.string(),
    conference_id: z.string().nullable(),
    target: z.string().nullable(),
    detail: z.record(z.string(), z.unknown()),
  })
  .openapi('AuditEntry')

export const Ok = z.object({ ok: z.literal(true) }).openapi('Ok')

/** A page of the audit log: entries older than `before` (an entry id), at most `limit`. */
export const AuditPage = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
})
