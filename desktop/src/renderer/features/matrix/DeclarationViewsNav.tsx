import { useTranslation } from 'react-i18next'
import { routeHref } from '../../app/route'

/** Props of {@link DeclarationViewsNav}. */
export interface DeclarationViewsNavProps {
  readonly conferenceId: string
  readonly declarationId: string
  readonly current: 'declaration' | 'matrix' | 'dashboard'
}

const VIEWS = ['declaration', 'matrix', 'dashboard'] as const

/** The declaration's views (text, matrix, dashboard) as links; the current one is marked. */
export function DeclarationViewsNav({
  conferenceId,
  declarationId,
  current,
}: DeclarationViewsNavProps) {
  const { t } = useTranslation()
  return (
    <nav aria-label={t('views.label')} className="declaration-views">
      {VIEWS.map((screen) => (
        <a
          key={screen}
          href={routeHref({ screen, conferenceId, declarationId })}
          aria-current={screen === current ? 'page' : undefined}
          className="declaration-view-link"
        >
          {t(`views.${screen}`)}
        </a>
      ))}
    </nav>
  )
}
