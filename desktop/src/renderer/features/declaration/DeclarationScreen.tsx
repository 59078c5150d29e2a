import type { Editor } from '@tiptap/core'
import { useCallback, useMemo, useState } from 'react'
import { Heading } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { api, declarationPath } from '../../api/apiClient'
import type { Declaration, Delegation, Me } from '../../api/types'
import { routeHref } from '../../app/route'
import { useQuery } from '../../app/useQuery'
import { ErrorMessage } from '../../components/ErrorMessage'
import { useBorrowedConnection } from '../../connection/useBorrowedConnection'
import { ConnectionStatusView } from '../connection/ConnectionStatusView'
import { DeclarationViewsNav } from '../matrix/DeclarationViewsNav'
import { useOpenParagraph } from '../matrix/useOpenParagraph'
import { SidePanel } from '../panel/SidePanel'
import { useStageReload } from '../revisions/useOutcomeDeclaration'
import { DeclarationContext, type DeclarationContextValue } from './DeclarationContext'
import { DeclarationEditor } from './DeclarationEditor'
import { StageBadge } from './StageBadge'
import { StageControl } from './StageControl'
import { useDraftReady } from './useDraftReady'

/** Props of {@link DeclarationScreen}. */
export interface DeclarationScreenProps {
  readonly me: Me
  readonly conferenceId: string
  readonly declarationId: string
  /** A paragraph to open on arrival (a link from the matrix). */
  readonly paragraphId?: string | null
}

/** The declaration: its text with the gutter, and the side panel of the selected paragraph. */
export function DeclarationScreen({
  me,
  conferenceId,
  declarationId,
  paragraphId = null,
}: DeclarationScreenProps) {
  const { t } = useTranslation()
  const membership = me.memberships.find((m) => m.conferenceId === conferenceId)
  const meta = useQuery(`${conferenceId}/${declarationId}`, async () => {
    const [declarations, delegations] = await Promise.all([
      api<Declaration[]>('GET', `/conferences/${conferenceId}/declarations`),
      api<Delegation[]>('GET', `/conferences/${conferenceId}/delegations`),
    ])
    return { declaration: declarations.find((d) => d.id === declarationId) ?? null, delegations }
  })
  const delegationId = membership?.delegationId ?? null
  const { reload } = meta
  const { connection, mayOpen } = useBorrowedConnection({
    conferenceId,
    declarationId,
    delegationId,
    role: membership?.role,
    stage: meta.data?.declaration?.stage,
  })
  // The stage decides who may write, and the relay applies a change at once; the screen reads
  // the declaration again when the stage may have moved.
  useStageReload(connection, reload)

  const [selectedPid, setSelectedPid] = useState<string | null>(null)
  const [editor, setEditor] = useState<Editor | null>(null)
  const onEditor = useCallback((e: Editor | null) => setEditor(e), [])
  useOpenParagraph(editor, paragraphId)
  const draftReady = useDraftReady(connection?.draft ?? null)

  const context = useMemo<DeclarationContextValue | null>(() => {
    if (!connection || !meta.data?.declaration || !membership) return null
    const myDelegation = meta.data.delegations.find((d) => d.id === delegationId) ?? null
    return {
      me,
      role: membership.role,
      declaration: meta.data.declaration,
      delegations: meta.data.delegations,
      myDelegation,
      connection,
      path: declarationPath(conferenceId, declarationId),
      reload: meta.reload,
    }
  }, [
    connection,
    meta.data,
    meta.reload,
    membership,
    me,
    delegationId,
    conferenceId,
    declarationId,
  ])

  // Offline, a failed re-read keeps what was read before: the text is still there to work on.
  if (meta.error && !meta.data) return <ErrorMessage error={meta.error} />
  if (!membership) return <p role="alert">{t('errors.forbidden')}</p>
  if (meta.data && !meta.data.declaration) return <p role="alert">{t('errors.not_found')}</p>
  if (meta.data && !mayOpen) {
    return (
      <section className="card narrow">
        <p>
          {membership.role === 'observer'
            ? t('declaration.observerNote')
            : t('declaration.notYetCirculated')}
        </p>
        <a href={routeHref({ screen: 'home' })}>{t('home.title')}</a>
      </section>
    )
  }
  if (!context) return <p>{t('common.loading')}</p>
  const { declaration } = context
  const canWrite =
    declaration.stage === 'negotiating' ||
    (declaration.stage === 'drafting' && membership.role === 'secretariat')

  return (
    <DeclarationContext.Provider value={context}>
      <div className="declaration-screen">
        <div className="declaration-header">
          <nav aria-label={t('declaration.breadcrumb')} className="breadcrumb">
            <a href={routeHref({ screen: 'home' })}>{t('home.title')}</a>
          </nav>
          <Heading level={1} className="declaration-title">
            {declaration.title}
          </Heading>
          <div className="declaration-meta">
            <StageBadge stage={declaration.stage} />
            <span className="role-line">
              {context.myDelegation
                ? t('declaration.youAre', {
                    role: t(`roles.${membership.role}`),
                    delegation: context.myDelegation.code,
                  })
                : t(`roles.${membership.role}`)}
              {membership.role === 'delegate' && declaration.stage === 'negotiating'
                ? ` · ${t('editor.proposalModeOn', { delegation: context.myDelegation?.code ?? '' })}`
                : ''}
              {!canWrite ? ` · ${t('editor.readOnly')}` : ''}
            </span>
            <ConnectionStatusView connection={context.connection} />
            {membership.role === 'secretariat' ? <StageControl /> : null}
          </div>
          <DeclarationViewsNav
            conferenceId={conferenceId}
            declarationId={declarationId}
            current="declaration"
          />
        </div>
        <div className="declaration-body">
          <section className="text-pane" aria-label={t('editor.region')}>
            {draftReady ? (
              <DeclarationEditor
                canWrite={canWrite}
                selectedPid={selectedPid}
                onSelect={setSelectedPid}
                onEditor={onEditor}
              />
            ) : (
              <p className="muted">{t('common.loading')}</p>
            )}
          </section>
          <SidePanel editor={editor} selectedPid={selectedPid} />
        </div>
      </div>
    </DeclarationContext.Provider>
  )
}
