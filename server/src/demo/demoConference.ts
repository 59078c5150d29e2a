import type { Role } from '@accord/protocol'
import type { DelegationKind } from '../directory/Conferences.js'

/**
 * What the demo seed creates: a G20-like ministerial meeting. Members decide; guests,
 * international organizations and stakeholder groups (engagement groups) are advisory.
 */
export const DEMO_CONFERENCE = {
  name: 'Digital Economy Ministerial Meeting',
  venue: 'Congress Centre, Lisbon',
  // The same words as the draft's title paragraph (demoDraft.ts), which the test checks.
  declaration: 'Ministerial Declaration on a Trusted and Inclusive Digital Economy',
} as const

interface DemoDelegation {
  readonly code: string
  readonly name: string
  readonly kind: DelegationKind
}

const members = (entries: [string, string][]): DemoDelegation[] =>
  entries.map(([code, name]) => ({ code, name, kind: 'member' }))

/** Codes are ISO 3166-1 alpha-3 for states, and short upper-case codes otherwise. */
export const DEMO_DELEGATIONS: readonly DemoDelegation[] = [
  ...members([
    ['ARG', 'Argentina'],
    ['AUS', 'Australia'],
    ['BRA', 'Brazil'],
    ['CAN', 'Canada'],
    ['CHN', 'China'],
    ['FRA', 'France'],
    ['DEU', 'Germany'],
    ['IND', 'India'],
    ['IDN', 'Indonesia'],
    ['ITA', 'Italy'],
    ['JPN', 'Japan'],
    ['KOR', 'Republic of Korea'],
    ['MEX', 'Mexico'],
    ['RUS', 'Russian Federation'],
    ['SAU', 'Saudi Arabia'],
    ['ZAF', 'South Africa'],
    ['TUR', 'Türkiye'],
    ['GBR', 'United Kingdom'],
    ['USA', 'United States'],
    ['EU', 'European Union'],
  ]),
  { code: 'SGP', name: 'Singapore', kind: 'guest' },
  { code: 'NLD', name: 'Netherlands', kind: 'guest' },
  { code: 'ESP', name: 'Spain', kind: 'guest' },
  {
    code: 'OECD',
    name: 'Organisation for Economic Co-operation and Development',
    kind: 'organization',
  },
  { code: 'ITU', name: 'International Telecommunication Union', kind: 'organization' },
  {
    code: 'UNESCO',
    name: 'United Nations Educational, Scientific and Cultural Organization',
    kind: 'organization',
  },
  { code: 'WTO', name: 'World Trade Organization', kind: 'organization' },
  { code: 'B20', name: 'Business 20', kind: 'stakeholder' },
  { code: 'C20', name: 'Civil 20', kind: 'stakeholder' },
  { code: 'T20', name: 'Think 20', kind: 'stakeholder' },
  { code: 'Y20', name: 'Youth 20', kind: 'stakeholder' },
]

/** One demo account; `delegation` is the code of a delegate's delegation. */
export interface DemoAccountSpec {
  readonly label: string
  readonly email: string
  readonly name: string
  readonly isOperator?: boolean
  /** The conference role; none for the operator, who runs the server rather than a conference. */
  readonly role: Role | null
  readonly delegation?: string
}

/** The accounts, in the order the credentials file lists them. */
export const DEMO_ACCOUNTS: readonly DemoAccountSpec[] = [
  {
    label: 'operator',
    email: 'operator@accord.example',
    name: 'Demo Operator',
    isOperator: true,
    role: null,
  },
  {
    label: 'secretariat',
    email: 'secretariat@accord.example',
    name: 'Chair’s Secretariat',
    role: 'secretariat',
  },
  {
    label: 'delegate (JPN)',
    email: 'jpn@accord.example',
    name: 'Aiko Tanaka',
    role: 'delegate',
    delegation: 'JPN',
  },
  {
    label: 'delegate (DEU)',
    email: 'deu@accord.example',
    name: 'Jonas Weber',
    role: 'delegate',
    delegation: 'DEU',
  },
  {
    label: 'delegate (BRA)',
    email: 'bra@accord.example',
    name: 'Beatriz Souza',
    role: 'delegate',
    delegation: 'BRA',
  },
  {
    label: 'delegate (B20, advisory)',
    email: 'b20@accord.example',
    name: 'Sam Okafor',
    role: 'delegate',
    delegation: 'B20',
  },
  { label: 'observer', email: 'observer@accord.example', name: 'Press Observer', role: 'observer' },
]
