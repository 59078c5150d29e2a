import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDay } from '../../i18n/i18n'
import type { DayProgress } from './progressModel'

// The charting library is loaded with the first chart, not with the app: most screens have none.
const ProgressChart = lazy(() => import('./ProgressChart'))

/** Props of {@link ProgressDays}. */
export interface ProgressDaysProps {
  readonly days: readonly DayProgress[]
  readonly total: number
  readonly caption: string
  readonly height?: number
  /** Whether the table lists each day's number of changes (the chart does not show them). */
  readonly showChanges?: boolean
}

/**
 * Paragraphs by status at the end of each day: the chart, and the table it repeats (newest day
 * first), which is what assistive technology reads.
 */
export function ProgressDays({
  days,
  total,
  caption,
  height = 220,
  showChanges = true,
}: ProgressDaysProps) {
  const { t, i18n } = useTranslation()
  return (
    <>
      <Suspense fallback={<div className="progress-chart" aria-hidden="true" style={{ height }} />}>
        <ProgressChart
          days={days}
          total={total}
          language={i18n.language}
          height={height}
          labels={{
            agreed: t('progress.agreed'),
            provisional: t('progress.provisional'),
            open: t('progress.open'),
          }}
        />
      </Suspense>
      <table className="outcome-table progress-days" data-testid="progress-days">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('progress.day')}</th>
            <th scope="col">{t('progress.agreed')}</th>
            <th scope="col">{t('progress.provisional')}</th>
            <th scope="col">{t('progress.open')}</th>
            {showChanges ? <th scope="col">{t('progress.changes')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {[...days].reverse().map((d) => (
            <tr key={d.day} data-day={d.day}>
              <th scope="row">{formatDay(d.day, i18n.language)}</th>
              <td>{d.agreed}</td>
              <td>{d.provisional}</td>
              <td>{d.open}</td>
              {showChanges ? <td>{d.changes}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  )
}
