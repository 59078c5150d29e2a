import { useTranslation } from 'react-i18next'
import { type OutcomeScreen, routeHref } from '../../app/route'
import '../matrix/matrix.css'
import './outcomes.css'

/** Props of {@link OutcomeViewsNav}. */
export interface OutcomeViewsNavProps {
  readonly conferenceId: string
  readonly declarationId: string
  /** The outcome screen shown, marked as the current page; none on the other views. */
  readonly current?: OutcomeScreen
  /** Only the outcome screens (beside the text, matrix and dashboard's own links). */
  readonly outcomesOnly?: boolean
}

const NEGOTIATION = ['declaration', 'matrix', 'dashboard'] as const
const OUTCOMES: readonly OutcomeScreen[] = ['revisions', 'silence', 'progress']

/**
 * The declaration's views as links, the outcome screens (revisions, silence and adoption,
 * progress) included; the current one is marked with `aria-current`, not by colour alone.
 */
export function OutcomeViewsNav({
  conferenceId,
  declarationId,
  current,
  outcomesOnly = false,
}: OutcomeViewsNavProps) {
  const { t } = useTranslation()
  const screens = outcomesOnly ? OUTCOMES : [...NEGOTIATION, ...OUTCOMES]
  return (
    <nav
      aria-label={outcomesOnly ? t('outcomes.nav.label') : t('views.label')}
      className={outcomesOnly ? 'outcome-views-header' : 'declaration-views'}
    >
      {outcomesOnly ? (
        <span className="outcome-views-intro" aria-hidden="true">
          {t('outcomes.nav.intro')}
        </span>
      ) : null}
      {screens.map((screen) => (
        <a
          key={screen}
          href={routeHref({ screen, conferenceId, declarationId })}
          aria-current={screen === current ? 'page' : undefined}
          className={outcomesOnly ? 'outcome-header-link' : 'declaration-view-link'}
        >
          {NEGOTIATION.includes(screen as (typeof NEGOTIATION)[number])
            ? t(`views.${screen as (typeof NEGOTIATION)[number]}`)
            : t(`outcomes.nav.${screen as OutcomeScreen}`)}
        </a>
      ))}
    </nav>
  )
}
