import type { Role, Stage } from '@accord/protocol'
import { useLayoutEffect, useState } from 'react'
import { connections } from './connections'
import type { DeclarationConnection } from './DeclarationConnection'

/**
 * Borrows a declaration's connection from the one manager for as long as the screen is shown
 * (style.md 17: created in a layout effect, never in React state), and only when the access
 * policy will grant it: delegates see nothing of a zero draft until it circulates, observers
 * never see drafts, and a refused open is audited (docs/security.md). Every screen of one
 * declaration passes the same reference, so they share one connection.
 */
export function useBorrowedConnection(ref: {
  readonly conferenceId: string
  readonly declarationId: string
  readonly delegationId: string | null
  readonly role: Role | undefined
  readonly stage: Stage | undefined
}): { readonly connection: DeclarationConnection | null; readonly mayOpen: boolean } {
  const { conferenceId, declarationId, delegationId, role, stage } = ref
  const mayOpen =
    role === 'secretariat' || (role === 'delegate' && stage !== undefined && stage !== 'drafting')
  const [connection, setConnection] = useState<DeclarationConnection | null>(null)
  useLayoutEffect(() => {
    if (!mayOpen) return
    const borrowed = connections.acquire({
      conferenceId,
      declarationId,
      delegationId,
      secretariat: role === 'secretariat',
    })
    setConnection(borrowed)
    return () => {
      setConnection(null)
      connections.release(borrowed)
    }
  }, [conferenceId, declarationId, delegationId, mayOpen, role])
  return { connection, mayOpen }
}
