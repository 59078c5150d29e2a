import { useTranslation } from 'react-i18next'
import type { Role } from '../../api/types'
import { routeHref } from '../../app/route'

/** Why the declaration's views are closed to this person (the text screen says the same). */
export function NotOpenNote({ memberRole }: { readonly memberRole: Role }) {
  const { t } = useTranslation()
  return (
    <section className="card narrow">
      <p>
        {memberRole === 'observer'
          ? t('declaration.observerNote')
          : t('declaration.notYetCirculated')}
      </p>
      <a href={routeHref({ screen: 'home' })}>{t('home.title')}</a>
    </section>
  )
}
