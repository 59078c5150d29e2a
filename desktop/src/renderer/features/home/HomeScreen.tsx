import { Heading } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import type { Conference, Declaration, Delegation, Me } from '../../api/types'
import { routeHref } from '../../app/route'
import { useQuery } from '../../app/useQuery'
import { ErrorMessage } from '../../components/ErrorMessage'
import { formatDay } from '../../i18n/i18n'
import { StageBadge } from '../declaration/StageBadge'

interface ConferenceView {
  conference: Conference
  declarations: Declaration[]
  delegations: Delegation[]
}

async function loadHome(): Promise<ConferenceView[]> {
  const conferences = await api<Conference[]>('GET', '/conferences')
  return Promise.all(
    conferences.map(async (conference) => {
      const [declarations, delegations] = await Promise.all([
        api<Declaration[]>('GET', `/conferences/${conference.id}/declarations`).catch(() => []),
        api<Delegation[]>('GET', `/conferences/${conference.id}/delegations`).catch(() => []),
      ])
      return { conference, declarations, delegations }
    }),
  )
}

/** Home: my conferences, their declarations with their stage, and my role and delegation. */
export function HomeScreen({ me }: { readonly me: Me }) {
  const { t, i18n } = useTranslation()
  const home = useQuery('home', loadHome)
  return (
    <section aria-labelledby="home-heading" className="home">
      <Heading level={1} id="home-heading">
        {t('home.title')}
      </Heading>
      {home.error ? <ErrorMessage error={home.error} /> : null}
      {home.loading && !home.data ? <p>{t('common.loading')}</p> : null}
      {home.data?.length === 0 ? <p>{t('home.none')}</p> : null}
      <ul className="conference-list">
        {home.data?.map(({ conference, declarations, delegations }) => {
          const membership = me.memberships.find((m) => m.conferenceId === conference.id)
          const delegation = delegations.find((d) => d.id === membership?.delegationId)
          return (
            <li key={conference.id} className="card conference">
              <Heading level={2}>{conference.name}</Heading>
              <p className="muted">
                {conference.venue} ·{' '}
                {t('home.dates', {
                  from: formatDay(conference.startsOn, i18n.language),
                  to: formatDay(conference.endsOn, i18n.language),
                })}
              </p>
              <p className="role-line">
                {membership
                  ? t('home.myRole', { role: t(`roles.${membership.role}`) })
                  : t('home.operator')}
                {delegation
                  ? ` · ${t('home.myDelegation', { code: delegation.code, name: delegation.name })}`
                  : ''}
                {delegation
                  ? ` · ${delegation.decides ? t('delegation.deciding') : t('delegation.advisory')}`
                  : ''}
              </p>
              <Heading level={3} className="subheading">
                {t('home.declarations')}
              </Heading>
              {membership?.role === 'observer' ? (
                <p>{t('declaration.observerNote')}</p>
              ) : declarations.length === 0 ? (
                <p>{t('home.noDeclarations')}</p>
              ) : null}
              <ul className="declaration-list">
                {declarations.map((declaration) => (
                  <li key={declaration.id}>
                    <a
                      href={routeHref({
                        screen: 'declaration',
                        conferenceId: conference.id,
                        declarationId: declaration.id,
                      })}
                      className="declaration-link"
                    >
                      {declaration.title}
                    </a>{' '}
                    <StageBadge stage={declaration.stage} />
                  </li>
                ))}
              </ul>
            </li>
          )
        })}
      </ul>
    </section>
  )
}
