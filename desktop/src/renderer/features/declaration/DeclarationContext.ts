import { createContext, useContext } from 'react'
import type { Declaration, Delegation, Me, Role } from '../../api/types'
import type { DeclarationConnection } from '../../connection/DeclarationConnection'

/** What every part of the declaration screen needs to know. */
export interface DeclarationContextValue {
  readonly me: Me
  readonly role: Role
  readonly declaration: Declaration
  readonly delegations: readonly Delegation[]
  /** The user's own delegation; null for the secretariat. */
  readonly myDelegation: Delegation | null
  readonly connection: DeclarationConnection
  /** `/conferences/<c>/declarations/<d>` */
  readonly path: string
  /** Reloads the declaration (its stage) after a command changed it. */
  reload(): void
}

export const DeclarationContext = createContext<DeclarationContextValue | null>(null)

/** The declaration screen's context; only inside {@link DeclarationContext}. */
export function useDeclaration(): DeclarationContextValue {
  const value = useContext(DeclarationContext)
  if (!value) throw new Error('useDeclaration() outside the declaration screen')
  return value
}
