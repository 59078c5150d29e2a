import { useEffect } from 'react'
import { useTranslation } from 'react-i18next'
import { Button } from '../components/Button'
import { LanguageSwitcher } from '../components/LanguageSwitcher'
import { Notices } from '../components/Notices'
import { SignInScreen } from '../features/auth/SignInScreen'
import { DashboardScreen } from '../features/dashboard/DashboardScreen'
import { DeclarationScreen } from '../features/declaration/DeclarationScreen'
import { HomeScreen } from '../features/home/HomeScreen'
import { InvitationScreen } from '../features/invitation/InvitationScreen'
import { MatrixScreen } from '../features/matrix/MatrixScreen'
import { ProgressScreen } from '../features/progress/ProgressScreen'
import { OutcomeViewsNav } from '../features/revisions/OutcomeViewsNav'
import { RevisionsScreen } from '../features/revisions/RevisionsScreen'
import { SilenceScreen } from '../features/silence/SilenceScreen'
import { loadSession, session, signOut } from '../session/session'
import { routeHref, useRoute } from './route'
import { useStore } from './useStore'

/** The app: a header, the screen the route and the session call for, and the notices. */
export function App() {
  const { t } = useTranslation()
  const state = useStore(session)
  const route = useRoute()

  useEffect(() => {
    void loadSession()
  }, [])

  let screen: React.ReactNode
  if (route.screen === 'invitation' && state.status !== 'signedIn') {
    screen = <InvitationScreen token={route.token} />
  } else if (state.status === 'loading') {
    screen = <p>{t('common.loading')}</p>
  } else if (state.status === 'unreachable') {
    screen = (
      <section className="card narrow">
        <p role="alert">{t('errors.network')}</p>
        <Button onPress={() => void loadSession()}>{t('common.retry')}</Button>
      </section>
    )
  } else if (state.status === 'signedOut') {
    screen = <SignInScreen expired={state.expired} />
  } else if (
    route.screen === 'revisions' ||
    route.screen === 'silence' ||
    route.screen === 'progress'
  ) {
    const View = { revisions: RevisionsScreen, silence: SilenceScreen, progress: ProgressScreen }[
      route.screen
    ]
    screen = (
      <View
        key={`${route.screen}/${route.conferenceId}/${route.declarationId}`}
        me={state.me}
        conferenceId={route.conferenceId}
        declarationId={route.declarationId}
      />
    )
  } else if (route.screen === 'declaration') {
    screen = (
      <DeclarationScreen
        key={`${route.conferenceId}/${route.declarationId}`}
        me={state.me}
        conferenceId={route.conferenceId}
        declarationId={route.declarationId}
        paragraphId={route.paragraphId ?? null}
      />
    )
  } else if (route.screen === 'matrix' || route.screen === 'dashboard') {
    const View = route.screen === 'matrix' ? MatrixScreen : DashboardScreen
    screen = (
      <View
        key={`${route.screen}/${route.conferenceId}/${route.declarationId}`}
        me={state.me}
        conferenceId={route.conferenceId}
        declarationId={route.declarationId}
      />
    )
  } else if (route.screen === 'invitation') {
    screen = (
      <section className="card narrow">
        <p>{t('invitation.signedIn', { name: state.me.user.name })}</p>
      </section>
    )
  } else {
    screen = <HomeScreen me={state.me} />
  }

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="app-header">
        <a className="brand" href={routeHref({ screen: 'home' })}>
          {t('app.name')}
        </a>
        {state.status === 'signedIn' &&
        (route.screen === 'declaration' ||
          route.screen === 'matrix' ||
          route.screen === 'dashboard') &&
        state.me.memberships.some(
          (m) => m.conferenceId === route.conferenceId && m.role !== 'observer',
        ) ? (
          // The outcome screens (#12), until the declaration's own views list them too.
          <OutcomeViewsNav
            conferenceId={route.conferenceId}
            declarationId={route.declarationId}
            outcomesOnly
          />
        ) : null}
        <nav aria-label={t('app.navigation')} className="header-actions">
          <LanguageSwitcher />
          {state.status === 'signedIn' ? (
            <>
              <span className="user-name">{state.me.user.name}</span>
              <Button variant="quiet" onPress={() => void signOut()}>
                {t('signIn.signOut')}
              </Button>
            </>
          ) : null}
        </nav>
      </header>
      <main id="main" className="app-main" tabIndex={-1}>
        {screen}
      </main>
      <Notices />
    </div>
  )
}
