import type { Role } from '@accord/protocol'

/** Who is acting, as the routes know it. */
export interface Actor {
  readonly userId: string
  readonly role: Role
  /** The actor's delegation; null for the secretariat. */
  readonly delegationId: string | null
}
