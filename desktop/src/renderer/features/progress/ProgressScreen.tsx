import { Heading } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import type { Me } from '../../api/types'
import { routeHref } from '../../app/route'
import { ErrorMessage } from '../../components/ErrorMessage'
import { formatDateTime } from '../../i18n/i18n'
import { ConnectionStatusView } from '../connection/ConnectionStatusView'
import { StageBadge } from '../declaration/StageBadge'
import { NotOpenNote } from '../matrix/NotOpenNote'
import { OutcomeViewsNav } from '../revisions/OutcomeViewsNav'
import { useOutcomeDeclaration } from '../revisions/useOutcomeDeclaration'
import { ProgressDays } from './ProgressDays'
import { useProgress } from './useProgress'
import './progress.css'

/** Props of {@link ProgressScreen}. */
export interface ProgressScreenProps {
  readonly me: Me
  readonly conferenceId: string
  readonly declarationId: string
}

/**
 * Consensus over time, from the agreed-text history: paragraphs by status at the end of each
 * day (a chart and the table it repeats), then after every change of status, with whether the
 * history's hash chain verifies. A status change re-reads it.
 */
export function ProgressScreen({ me, conferenceId, declarationId }: ProgressScreenProps) {
  const { t, i18n } = useTranslation()
  const view = useOutcomeDeclaration(me, conferenceId, declarationId)
  const progress = useProgress(conferenceId, declarationId, view.mayOpen, view.connection)

  if (!view.membership) return <p role="alert">{t('errors.forbidden')}</p>
  if (view.membership.role === 'observer') return <NotOpenNote memberRole="observer" />
  if (view.error) return <ErrorMessage error={view.error} />
  if (view.loaded && !view.declaration) return <p role="alert">{t('errors.not_found')}</p>
  if (view.loaded && !view.mayOpen) return <NotOpenNote memberRole={view.membership.role} />
  const { total, points, days, verification } = progress
  const now = points.at(-1)

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
      {progress.error && !progress.loaded ? <ErrorMessage error={progress.error} /> : null}
      {!progress.loaded ? (
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
          {points.length === 0 ? <p className="muted">{t('progress.none')}</p> : null}
        </section>
      )}
      {progress.loaded && points.length > 0 ? (
        <>
          <section className="card" aria-labelledby="progress-by-day">
            <h2 id="progress-by-day" className="subheading">
              {t('progress.byDay')}
            </h2>
            <p className="muted small">{t('progress.byDayHint')}</p>
            <ProgressDays days={days} total={total} caption={t('progress.daysCaption')} />
          </section>
          <section className="card" aria-labelledby="progress-changes">
            <h2 id="progress-changes" className="subheading">
              {t('progress.everyChange')}
            </h2>
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
          </section>
        </>
      ) : null}
    </div>
  )
}
