import { PARAGRAPH_STATUSES } from '@accord/protocol'
import { useMemo } from 'react'
import { Heading } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import type { Me } from '../../api/types'
import { routeHref } from '../../app/route'
import { ErrorMessage } from '../../components/ErrorMessage'
import { ConnectionStatusView } from '../connection/ConnectionStatusView'
import { DeclarationViewsNav } from '../matrix/DeclarationViewsNav'
import { NotOpenNote } from '../matrix/NotOpenNote'
import { useNegotiationView } from '../matrix/useNegotiationView'
import { ProgressCard } from '../progress/ProgressCard'
import { buildDashboard, type DelegationCount } from './dashboardModel'
import '../matrix/matrix.css'
import './dashboard.css'

/** Props of {@link DashboardScreen}. */
export interface DashboardScreenProps {
  readonly me: Me
  readonly conferenceId: string
  readonly declarationId: string
}

/** Where consensus stands: paragraphs by status, and who objects or has not answered most. */
export function DashboardScreen({ me, conferenceId, declarationId }: DashboardScreenProps) {
  const { t } = useTranslation()
  const view = useNegotiationView(me, conferenceId, declarationId)
  const dashboard = useMemo(
    () =>
      view.delegations && view.mirrorReady
        ? buildDashboard(view.paragraphs, view.delegations, view.mirror)
        : null,
    [view.paragraphs, view.delegations, view.mirrorReady, view.mirror],
  )

  if (!view.membership) return <p role="alert">{t('errors.forbidden')}</p>
  // Observers never see drafts (the API does not even list them one).
  if (view.membership.role === 'observer') return <NotOpenNote memberRole="observer" />
  if (view.error) return <ErrorMessage error={view.error} />
  // A delegate sees nothing of a zero draft until it circulates.
  if (view.loaded && !view.mayOpen && view.membership.role !== 'secretariat') {
    return <NotOpenNote memberRole={view.membership.role} />
  }
  if (view.loaded && !view.declaration) return <p role="alert">{t('errors.not_found')}</p>

  return (
    <div className="dashboard-screen">
      <div className="declaration-header">
        <nav aria-label={t('declaration.breadcrumb')} className="breadcrumb">
          <a href={routeHref({ screen: 'home' })}>{t('home.title')}</a>
        </nav>
        <Heading level={1} className="declaration-title">
          {t('dashboard.title', { title: view.declaration?.title ?? '' })}
        </Heading>
        <DeclarationViewsNav
          conferenceId={conferenceId}
          declarationId={declarationId}
          current="dashboard"
        />
        {view.connection ? <ConnectionStatusView connection={view.connection} /> : null}
      </div>
      {dashboard ? (
        <div className="dashboard-grid">
          <div className="dashboard-column">
            <section className="card dashboard-card" aria-labelledby="dashboard-status">
              <h2 id="dashboard-status" className="subheading">
                {t('dashboard.byStatus')}
              </h2>
              <table className="dashboard-table" data-testid="by-status">
                <thead>
                  <tr>
                    <th scope="col">{t('dashboard.status')}</th>
                    <th scope="col">{t('dashboard.paragraphs')}</th>
                  </tr>
                </thead>
                <tbody>
                  {PARAGRAPH_STATUSES.map((status) => (
                    <tr key={status} data-status={status}>
                      <th scope="row">
                        <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>
                      </th>
                      <td>
                        <Bar value={dashboard.byStatus[status]} max={dashboard.total} />
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr data-status="total">
                    <th scope="row">{t('dashboard.total')}</th>
                    <td className="dashboard-count">{dashboard.total}</td>
                  </tr>
                </tfoot>
              </table>
            </section>
            <ProgressCard
              conferenceId={conferenceId}
              declarationId={declarationId}
              readable={view.mayOpen}
              connection={view.connection}
            />
          </div>
          <Ranking
            id="dashboard-objections"
            testId="most-objections"
            title={t('dashboard.mostObjections')}
            hint={t('dashboard.mostObjectionsHint')}
            entries={dashboard.mostObjections}
            tone="objection"
          />
          <Ranking
            id="dashboard-awaited"
            testId="most-awaited"
            title={t('dashboard.mostAwaited')}
            hint={t('dashboard.mostAwaitedHint')}
            entries={dashboard.mostAwaited}
            tone="awaited"
          />
        </div>
      ) : (
        <p>{t('common.loading')}</p>
      )}
    </div>
  )
}

/** A count with a bar beside it; the number is the content, the bar only repeats it. */
function Bar({ value, max, tone = 'neutral' }: { value: number; max: number; tone?: string }) {
  const share = max > 0 ? Math.round((value / max) * 100) : 0
  return (
    <span className="dashboard-bar-line">
      <span className="dashboard-count">{value}</span>
      <span className="dashboard-bar" aria-hidden="true">
        <span className={`dashboard-bar-fill tone-${tone}`} style={{ width: `${share}%` }} />
      </span>
    </span>
  )
}

function Ranking({
  id,
  testId,
  title,
  hint,
  entries,
  tone,
}: {
  id: string
  testId: string
  title: string
  hint: string
  entries: readonly DelegationCount[]
  tone: string
}) {
  const { t } = useTranslation()
  const max = entries[0]?.count ?? 0
  return (
    <section className="card dashboard-card" aria-labelledby={id}>
      <h2 id={id} className="subheading">
        {title}
      </h2>
      <p className="muted small">{hint}</p>
      {entries.length === 0 ? (
        <p className="muted">{t('dashboard.none')}</p>
      ) : (
        <table className="dashboard-table" data-testid={testId}>
          <thead>
            <tr>
              <th scope="col">{t('dashboard.delegation')}</th>
              <th scope="col">{t('dashboard.paragraphs')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.code} data-delegation={entry.code}>
                <th scope="row">
                  <abbr title={entry.name}>{entry.code}</abbr>{' '}
                  <span className="muted small">{entry.name}</span>
                  {entry.decides ? null : (
                    <span className="badge dashboard-advisory">{t('dashboard.advisory')}</span>
                  )}
                </th>
                <td>
                  <Bar value={entry.count} max={max} tone={tone} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}
