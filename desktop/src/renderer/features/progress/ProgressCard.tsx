import { useTranslation } from 'react-i18next'
import { routeHref } from '../../app/route'
import { ErrorMessage } from '../../components/ErrorMessage'
import type { DeclarationConnection } from '../../connection/DeclarationConnection'
import { ProgressDays } from './ProgressDays'
import { useProgress } from './useProgress'
import './progress.css'

/** How many days the dashboard's card shows; the progress screen shows them all. */
export const RECENT_DAYS = 7

/** Props of {@link ProgressCard}. */
export interface ProgressCardProps {
  readonly conferenceId: string
  readonly declarationId: string
  /** Whether this person may read the draft (and so its history). */
  readonly readable: boolean
  readonly connection: DeclarationConnection | null
}

/**
 * The dashboard's view of progress: paragraphs by status at the end of each of the last days,
 * with a link to the progress screen and its whole history. Nothing is shown to whoever may not
 * read the draft.
 */
export function ProgressCard({
  conferenceId,
  declarationId,
  readable,
  connection,
}: ProgressCardProps) {
  const { t } = useTranslation()
  const progress = useProgress(conferenceId, declarationId, readable, connection)
  if (!readable) return null
  const days = progress.days.slice(-RECENT_DAYS)
  return (
    <section
      className="card dashboard-card progress-card"
      aria-labelledby="dashboard-progress"
      data-testid="progress-card"
    >
      <h2 id="dashboard-progress" className="subheading">
        {t('progress.recent', { days: RECENT_DAYS })}
      </h2>
      <p className="muted small">{t('progress.byDayHint')}</p>
      {progress.error && !progress.loaded ? <ErrorMessage error={progress.error} /> : null}
      {!progress.loaded ? (
        <p>{t('common.loading')}</p>
      ) : days.length === 0 ? (
        <p className="muted">{t('progress.none')}</p>
      ) : (
        <ProgressDays
          days={days}
          total={progress.total}
          caption={t('progress.recentCaption', { days: RECENT_DAYS })}
          height={160}
          showChanges={false}
        />
      )}
      <p className="small">
        <a href={routeHref({ screen: 'progress', conferenceId, declarationId })}>
          {t('progress.seeAll')}
        </a>
      </p>
    </section>
  )
}
