import { useTranslation } from 'react-i18next'
import { type OutcomeScreen, routeHref } from '../../app/route'
import '../matrix/matrix.css'
import './outcomes.css'

/** Props of {@link OutcomeViewsNav}. */
export interface OutcomeViewsNavProps {
  readonly conferenceId: string
  readonly declarationId: string
  /** The view shown, marked as the current page. */
  readonly current?: OutcomeScreen | (typeof NEGOTIATION)[number]
}

const NEGOTIATION = ['declaration', 'matrix', 'dashboard'] as const
const OUTCOMES: readonly OutcomeScreen[] = ['revisions', 'silence', 'progress']

/**
 * The declaration's views as links, the outcome screens (revisions, silence and adoption,
 * progress) included; the current one is marked with `aria-current`, not by colour alone.
 */
export function OutcomeViewsNav({ conferenceId, declarationId, current }: OutcomeViewsNavProps) {
  const { t } = useTranslation()
  const screens = [...NEGOTIATION, ...OUTCOMES]
  return (
    <nav aria-label={t('views.label')} className="declaration-views">
      {screens.map((screen) => (
        <a
          key={screen}
          href={routeHref({ screen, conferenceId, declarationId })}
          aria-current={screen === current ? 'page' : undefined}
          className="declaration-view-link"
        >
          {NEGOTIATION.includes(screen as (typeof NEGOTIATION)[number])
            ? t(`views.${screen as (typeof NEGOTIATION)[number]}`)
            : t(`outcomes.nav.${screen as OutcomeScreen}`)}
        </a>
      ))}
    </nav>
  )
}
