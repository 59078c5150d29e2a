import { useSyncExternalStore } from 'react'

/** The screens, as the URL fragment names them (`/app/#/…`: the server never sees it). */
export type Route =
  | { readonly screen: 'home' }
  | { readonly screen: 'invitation'; readonly token: string }
  | {
      readonly screen: 'declaration'
      readonly conferenceId: string
      readonly declarationId: string
      /** The paragraph to put the cursor in on arrival (from the matrix). */
      readonly paragraphId?: string
    }
  | {
      readonly screen: 'matrix' | 'dashboard' | OutcomeScreen
      readonly conferenceId: string
      readonly declarationId: string
    }

/** The secretariat's outcome screens of a declaration (#12): revisions, silence and adoption, progress. */
export type OutcomeScreen = 'revisions' | 'silence' | 'progress'

const ID = '[a-z0-9]{1,40}'

/** Parses a fragment such as `#/conference/c1/declaration/d1`. */
export function parseRoute(hash: string): Route {
  const path = hash.replace(/^#/, '')
  const invitation = /^\/invitation\/([A-Za-z0-9._-]{1,200})$/.exec(path)
  if (invitation) return { screen: 'invitation', token: invitation[1]! }
  const declaration = new RegExp(`^/conference/(${ID})/declaration/(${ID})$`).exec(path)
  if (declaration) {
    return { screen: 'declaration', conferenceId: declaration[1]!, declarationId: declaration[2]! }
  }
  const view = new RegExp(
    `^/conference/(${ID})/declaration/(${ID})/(?:(matrix|dashboard|revisions|silence|progress)|paragraph/(${ID}))$`,
  ).exec(path)
  if (view) {
    const [, conferenceId, declarationId, screen, paragraphId] = view
    return screen
      ? {
          screen: screen as 'matrix' | 'dashboard' | OutcomeScreen,
          conferenceId: conferenceId!,
          declarationId: declarationId!,
        }
      : {
          screen: 'declaration',
          conferenceId: conferenceId!,
          declarationId: declarationId!,
          paragraphId,
        }
  }
  return { screen: 'home' }
}

/** The fragment of a route. */
export function routeHref(route: Route): string {
  switch (route.screen) {
    case 'home':
      return '#/'
    case 'invitation':
      return `#/invitation/${route.token}`
    case 'declaration':
      return `#/conference/${route.conferenceId}/declaration/${route.declarationId}${
        route.paragraphId ? `/paragraph/${route.paragraphId}` : ''
      }`
    case 'matrix':
    case 'dashboard':
    case 'revisions':
    case 'silence':
    case 'progress':
      return `#/conference/${route.conferenceId}/declaration/${route.declarationId}/${route.screen}`
  }
}

function subscribe(listener: () => void) {
  window.addEventListener('hashchange', listener)
  return () => window.removeEventListener('hashchange', listener)
}

/** The current route, following the fragment. */
export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  return parseRoute(hash)
}

/** Goes to a route. */
export function navigate(route: Route): void {
  window.location.hash = routeHref(route)
}
