import { useTranslation } from 'react-i18next'
import type { Delegation, Stage } from '../../api/types'
import { formatDateTime } from '../../i18n/i18n'
import { Countdown } from './Countdown'
import type { SilenceEntry } from './silenceTypes'

/** Props of {@link SilenceState}. */
export interface SilenceStateProps {
  /** The latest procedure, if there was one. */
  readonly latest: SilenceEntry | undefined
  readonly stage: Stage
  readonly delegations: readonly Delegation[]
}

/**
 * Where the silence procedure stands, in one sentence and its details: running (with the time
 * left), broken (by whom, why), ended in adoption, withdrawn, or failed. The sentence is a live
 * region, so a break is announced to everyone who has the screen open.
 */
export function SilenceState({ latest, stage, delegations }: SilenceStateProps) {
  const { t, i18n } = useTranslation()
  const when = (ms: number) => formatDateTime(ms, i18n.language)
  const delegationName = (code: string | null) => {
    const found = delegations.find((d) => d.code === code)
    return found ? `${found.code} (${found.name})` : (code ?? '')
  }
  const state = latest?.state ?? 'none'
  let headline: string
  if (!latest) headline = t('silence.state.none')
  else if (latest.state === 'running')
    headline = t('silence.state.running', { when: when(latest.deadline) })
  else if (latest.state === 'broken')
    headline = t('silence.state.broken', {
      delegation: delegationName(latest.brokenBy),
      when: when(latest.endedAt ?? latest.deadline),
    })
  else if (latest.state === 'adopted')
    headline = t('silence.state.adopted', { when: when(latest.deadline) })
  else if (latest.state === 'withdrawn')
    headline = t('silence.state.withdrawn', { when: when(latest.endedAt ?? latest.deadline) })
  else headline = t('silence.state.failed', { when: when(latest.deadline) })

  return (
    <section
      className={`card silence-state silence-${state}`}
      aria-labelledby="silence-state"
      data-state={state}
    >
      <h2 id="silence-state" className="subheading">
        {t('silence.stateHeading')}
      </h2>
      <p role="status" aria-atomic="true" className="silence-headline">
        <span className={`badge silence-badge silence-badge-${state}`}>
          {t(`silence.badge.${state}`)}
        </span>{' '}
        {headline}
      </p>
      {latest?.state === 'running' && stage === 'silence' ? (
        <Countdown deadline={latest.deadline} />
      ) : null}
      {latest?.message ? (
        <div className="silence-detail">
          <h3 className="small-heading">{t('silence.messageFromChair')}</h3>
          <blockquote className="reason-quote">{latest.message}</blockquote>
        </div>
      ) : null}
      {latest?.state === 'broken' && latest.reason ? (
        <div className="silence-detail">
          <h3 className="small-heading">
            {t('silence.reasonGiven', { delegation: latest.brokenBy ?? '' })}
          </h3>
          <blockquote className="reason-quote" data-testid="break-reason">
            {latest.reason}
          </blockquote>
          {stage === 'negotiating' ? <p className="small">{t('silence.resumed')}</p> : null}
        </div>
      ) : null}
      {latest?.state === 'failed' && latest.reason ? (
        <p className="small server-reason">
          {t('silence.serverSays')} <span lang="en">{latest.reason}</span>
        </p>
      ) : null}
    </section>
  )
}
