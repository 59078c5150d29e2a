import { useEffect, useMemo, useRef, useState } from 'react'
import { Heading } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { api, declarationPath } from '../../api/apiClient'
import type { Me } from '../../api/types'
import { notify } from '../../app/notices'
import { routeHref } from '../../app/route'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { formatDateTime } from '../../i18n/i18n'
import { type PublicationEntry, PublishedText } from '../adoption/PublishedText'
import { ConnectionStatusView } from '../connection/ConnectionStatusView'
import { StageBadge } from '../declaration/StageBadge'
import { NotOpenNote } from '../matrix/NotOpenNote'
import { OutcomeViewsNav } from '../revisions/OutcomeViewsNav'
import { useMirrorMap, useOutcomeDeclaration } from '../revisions/useOutcomeDeclaration'
import { BreakSilenceForm } from './BreakSilenceForm'
import { ConfirmDialog } from './ConfirmDialog'
import { SilenceState } from './SilenceState'
import { StartSilenceForm } from './StartSilenceForm'
import { inOrder, type SilenceEntry } from './silenceTypes'
import './silence.css'

/** Props of {@link SilenceScreen}. */
export interface SilenceScreenProps {
  readonly me: Me
  readonly conferenceId: string
  readonly declarationId: string
}

/**
 * The silence procedure and adoption: where silence stands (live, from the shared mirror), the
 * secretariat's start and adoption, a deciding delegation's break, every past procedure, and
 * once adopted the published text, verified.
 */
export function SilenceScreen({ me, conferenceId, declarationId }: SilenceScreenProps) {
  const { t, i18n } = useTranslation()
  const view = useOutcomeDeclaration(me, conferenceId, declarationId)
  const path = declarationPath(conferenceId, declarationId)
  const silenceMap = useMirrorMap<SilenceEntry>(view.connection, 'silence')
  const publicationMap = useMirrorMap<PublicationEntry>(view.connection, 'publications')
  const procedures = useMemo(() => inOrder(silenceMap.values()), [silenceMap])
  const latest = procedures.at(-1)
  const publication = useMemo(
    () =>
      [...publicationMap.values()]
        .filter((p) => p.kind === 'declaration')
        .sort((a, b) => b.publishedAt - a.publishedAt)[0],
    [publicationMap],
  )

  // Announce what changed while the screen is open (the first reading is what was already there).
  const known = useRef<Map<string, SilenceEntry['state']> | null>(null)
  useEffect(() => {
    if (!view.connection || silenceMap.size === 0) return
    if (known.current) {
      for (const entry of silenceMap.values()) {
        const before = known.current.get(entry.id)
        if (before === entry.state) continue
        if (entry.state === 'running') notify('info', 'silence.notice.started')
        else if (entry.state === 'broken')
          notify('info', 'silence.notice.broken', { delegation: entry.brokenBy ?? '' })
        else if (entry.state === 'adopted') notify('info', 'silence.notice.adopted')
      }
    }
    known.current = new Map([...silenceMap.values()].map((e) => [e.id, e.state]))
  }, [silenceMap, view.connection])

  const [adopting, setAdopting] = useState(false)
  const [adoptBusy, setAdoptBusy] = useState(false)
  const [adoptError, setAdoptError] = useState<unknown>(null)

  if (!view.membership) return <p role="alert">{t('errors.forbidden')}</p>
  if (view.membership.role === 'observer') return <NotOpenNote memberRole="observer" />
  if (view.error) return <ErrorMessage error={view.error} />
  if (view.loaded && !view.declaration) return <p role="alert">{t('errors.not_found')}</p>
  if (view.loaded && !view.mayOpen) return <NotOpenNote memberRole={view.membership.role} />
  const declaration = view.declaration
  const role = view.membership.role
  const myDelegation = view.delegations.find((d) => d.id === view.membership?.delegationId)
  const stage = declaration?.stage
  const running = latest?.state === 'running' && stage === 'silence' ? latest : undefined

  const recordCard =
    procedures.length > 0 ? (
      <section className="card" aria-labelledby="silence-record">
        <h2 id="silence-record" className="subheading">
          {t('silence.record')}
        </h2>
        <table className="outcome-table" data-testid="silence-record">
          <thead>
            <tr>
              <th scope="col">{t('silence.started')}</th>
              <th scope="col">{t('silence.deadline')}</th>
              <th scope="col">{t('silence.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {[...procedures].reverse().map((p) => (
              <tr key={p.id} data-state={p.state}>
                <td>{formatDateTime(p.startedAt, i18n.language)}</td>
                <td>{formatDateTime(p.deadline, i18n.language)}</td>
                <td>
                  {t(`silence.badge.${p.state}`)}
                  {p.state === 'broken' && p.brokenBy ? ` · ${p.brokenBy}` : ''}
                  {p.reason && p.state === 'broken' ? (
                    <>
                      <br />
                      <span className="small">{p.reason}</span>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    ) : null

  async function adopt() {
    setAdoptBusy(true)
    setAdoptError(null)
    try {
      await api('PUT', `${path}/stage`, { stage: 'adopted' })
      setAdopting(false)
      view.reload()
    } catch (caught) {
      setAdoptError(caught)
    } finally {
      setAdoptBusy(false)
    }
  }

  return (
    <div className="outcome-screen silence-screen">
      <div className="declaration-header">
        <nav aria-label={t('declaration.breadcrumb')} className="breadcrumb">
          <a href={routeHref({ screen: 'home' })}>{t('home.title')}</a>
        </nav>
        <Heading level={1} className="declaration-title">
          {t('silence.title', { title: declaration?.title ?? '' })}
        </Heading>
        <div className="declaration-meta">
          {stage ? <StageBadge stage={stage} /> : null}
          {view.connection ? <ConnectionStatusView connection={view.connection} /> : null}
        </div>
        <OutcomeViewsNav
          conferenceId={conferenceId}
          declarationId={declarationId}
          current="silence"
        />
      </div>
      {!declaration || !view.connection ? (
        <p>{t('common.loading')}</p>
      ) : (
        <div className="outcome-columns">
          <div className="outcome-stack">
            <SilenceState
              latest={latest}
              stage={declaration.stage}
              delegations={view.delegations}
            />

            {role === 'secretariat' && stage === 'negotiating' ? (
              <section className="card">
                <StartSilenceForm
                  path={path}
                  again={procedures.length > 0}
                  onStarted={view.reload}
                />
              </section>
            ) : null}

            {role === 'secretariat' && stage === 'silence' ? (
              <section className="card" aria-labelledby="silence-adopt">
                <h2 id="silence-adopt" className="subheading">
                  {t('silence.adoptHeading')}
                </h2>
                <p className="muted small">
                  {running ? t('silence.adoptAutomatic') : t('silence.adoptHint')}
                </p>
                <Button variant="primary" onPress={() => setAdopting(true)}>
                  {t('silence.adopt')}
                </Button>
                <ConfirmDialog
                  isOpen={adopting}
                  title={t('silence.confirmAdoptTitle')}
                  confirm={t('silence.adopt')}
                  busy={adoptBusy}
                  error={adoptError}
                  onConfirm={() => void adopt()}
                  onCancel={() => setAdopting(false)}
                >
                  <p>{t('silence.confirmAdoptText')}</p>
                </ConfirmDialog>
              </section>
            ) : null}

            {role === 'delegate' && running ? (
              <section className="card">
                {myDelegation?.decides ? (
                  <BreakSilenceForm
                    path={path}
                    delegation={myDelegation.code}
                    onBroken={view.reload}
                  />
                ) : (
                  <p className="muted card-note">
                    {t('silence.advisoryCannotBreak', { delegation: myDelegation?.code ?? '' })}
                  </p>
                )}
              </section>
            ) : null}
            {publication ? recordCard : null}
          </div>
          <div className="outcome-stack">
            {publication ? (
              <PublishedText publication={publication} />
            ) : stage === 'adopted' ? (
              <section className="card">
                <p>{t('adoption.awaitingPublication')}</p>
              </section>
            ) : (
              <section className="card" aria-labelledby="silence-how">
                <h2 id="silence-how" className="subheading">
                  {t('silence.how.heading')}
                </h2>
                <ol className="silence-how">
                  <li>{t('silence.how.circulate')}</li>
                  <li>{t('silence.how.break')}</li>
                  <li>{t('silence.how.adopt')}</li>
                </ol>
              </section>
            )}
            {publication ? null : recordCard}
          </div>
        </div>
      )}
    </div>
  )
}
