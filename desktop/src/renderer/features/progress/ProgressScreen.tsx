import { useEffect, useMemo } from 'react'
import { Heading } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { api, declarationPath } from '../../api/apiClient'
import type { Me } from '../../api/types'
import { routeHref } from '../../app/route'
import { useQuery } from '../../app/useQuery'
import { ErrorMessage } from '../../components/ErrorMessage'
import { formatDateTime } from '../../i18n/i18n'
import { ConnectionStatusView } from '../connection/ConnectionStatusView'
import { StageBadge } from '../declaration/StageBadge'
import { NotOpenNote } from '../matrix/NotOpenNote'
import { OutcomeViewsNav } from '../revisions/OutcomeViewsNav'
import { useMirrorMap, useOutcomeDeclaration } from '../revisions/useOutcomeDeclaration'
import { ProgressChart } from './ProgressChart'
import { buildProgress, type HistoryEntry } from './progressModel'
import './progress.css'

/** What `GET …/history` answers (server/src/routes/history/schema.ts), as far as progress reads it. */
interface History {
  readonly entries: readonly HistoryEntry[]
  readonly verification: { readonly ok: true } | { readonly ok: false; readonly message: string }
}

const NEGOTIATED = new Set(['preambular', 'operative', 'annex'])

/** Props of {@link ProgressScreen}. */
export interface ProgressScreenProps {
  readonly me: Me
  readonly conferenceId: string
  readonly declarationId: string
}

/**
 * Consensus over time, from the agreed-text history: how many paragraphs were agreed (and
 * provisionally agreed) after each change of status, as a chart and as the table it repeats,
 * with whether the history's hash chain verifies. A status change re-reads it.
 */
export function ProgressScreen({ me, conferenceId, declarationId }: ProgressScreenProps) {
  const { t, i18n } = useTranslation()
  const view = useOutcomeDeclaration(me, conferenceId, declarationId)
  const path = declarationPath(conferenceId, declarationId)
  const statuses = useMirrorMap<unknown>(view.connection, 'statuses')
  const readable = view.mayOpen
  const data = useQuery(`${path}/progress/${readable}`, async () => {
    if (!readable) return null
    const [history, paragraphs] = await Promise.all([
      api<History>('GET', `${path}/history`),
      api<{ kind: string }[]>('GET', `${path}/paragraphs`),
    ])
    return { history, total: paragraphs.filter((p) => NEGOTIATED.has(p.kind)).length }
  })
  const { reload } = data
  useEffect(() => {
    if (statuses.size > 0) reload()
  }, [statuses, reload])
  const points = useMemo(
    () => (data.data ? buildProgress(data.data.history.entries, data.data.total) : []),
    [data.data],
  )

  if (!view.membership) return <p role="alert">{t('errors.forbidden')}</p>
  if (view.membership.role === 'observer') return <NotOpenNote memberRole="observer" />
  if (view.error) return <ErrorMessage error={view.error} />
  if (view.loaded && !view.declaration) return <p role="alert">{t('errors.not_found')}</p>
  if (view.loaded && !view.mayOpen) return <NotOpenNote memberRole={view.membership.role} />
  const total = data.data?.total ?? 0
  const now = points.at(-1)
  const verification = data.data?.history.verification

  return (
    <div className="outcome-screen progress-screen">
      <div className="declaration-header">
        <nav aria-label={t('declaration.breadcrumb')} className="breadcrumb">
          <a href={routeHref({ screen: 'home' })}>{t('home.title')}</a>
        </nav>
        <Heading level={1} className="declaration-title">
          {t('progress.title', { title: view.declaration?.title ?? '' })}
        </Heading>
        <div className="declaration-meta">
          {view.declaration ? <StageBadge stage={view.declaration.stage} /> : null}
          {view.connection ? <ConnectionStatusView connection={view.connection} /> : null}
        </div>
        <OutcomeViewsNav
          conferenceId={conferenceId}
          declarationId={declarationId}
          current="progress"
        />
      </div>
      {data.error && !data.data ? <ErrorMessage error={data.error} /> : null}
      {!data.data ? (
        <p>{t('common.loading')}</p>
      ) : (
        <section className="card" aria-labelledby="progress-now">
          <h2 id="progress-now" className="subheading">
            {t('progress.now')}
          </h2>
          <p className="progress-summary" data-testid="progress-summary">
            {t('progress.summary', {
              agreed: now?.agreed ?? 0,
              provisional: now?.provisional ?? 0,
              open: now ? now.open : total,
              total,
            })}
          </p>
          {verification ? (
            <p
              className={`small verification ${verification.ok ? 'verification-ok' : 'verification-failed'}`}
              data-verified={verification.ok}
            >
              {verification.ok ? t('progress.chainOk') : t('progress.chainBroken')}
              {verification.ok ? null : <span lang="en"> ({verification.message})</span>}
            </p>
          ) : null}
          {points.length === 0 ? (
            <p className="muted">{t('progress.none')}</p>
          ) : (
            <>
              <div className="progress-legend small" aria-hidden="true">
                <span className="progress-key progress-key-agreed">{t('progress.agreed')}</span>
                <span className="progress-key progress-key-provisional">
                  {t('progress.agreedOrProvisional')}
                </span>
              </div>
              <ProgressChart points={points} total={total} />
              <table className="outcome-table" data-testid="progress-table">
                <caption className="visually-hidden">{t('progress.tableCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('progress.when')}</th>
                    <th scope="col">{t('progress.change')}</th>
                    <th scope="col">{t('progress.agreed')}</th>
                    <th scope="col">{t('progress.provisional')}</th>
                    <th scope="col">{t('progress.open')}</th>
                  </tr>
                </thead>
                <tbody>
                  {[...points].reverse().map((p) => (
                    <tr key={p.seq}>
                      <td>{formatDateTime(p.at, i18n.language)}</td>
                      <td>
                        {p.label} → {t(`status.${p.status}` as 'status.open')}
                      </td>
                      <td>{p.agreed}</td>
                      <td>{p.provisional}</td>
                      <td>{p.open}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
        </section>
      )}
    </div>
  )
}
