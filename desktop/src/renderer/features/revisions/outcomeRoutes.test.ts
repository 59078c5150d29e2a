import { describe, expect, it } from 'vitest'
import { parseRoute, type Route, routeHref } from '../../app/route'

describe('the routes of the outcome screens', () => {
  const screens = ['revisions', 'silence', 'progress'] as const
  it('round-trip through the fragment', () => {
    for (const screen of screens) {
      const route: Route = { screen, conferenceId: 'c1', declarationId: 'd1' }
      expect(routeHref(route)).toBe(`#/conference/c1/declaration/d1/${screen}`)
      expect(parseRoute(routeHref(route))).toEqual(route)
    }
  })
  it('refuses other spellings', () => {
    for (const hash of [
      '#/conference/c1/declaration/d1/Revisions',
      '#/conference/c1/declaration/d1/silence/',
      '#/conference/c1/declaration/d1/revisions/x',
      '#/conference/c1/declaration/D1/progress',
    ]) {
      expect(parseRoute(hash)).toEqual({ screen: 'home' })
    }
  })
})
