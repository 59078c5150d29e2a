import { describe, expect, it } from 'vitest'
import { parseRoute, type Route, routeHref } from '../../app/route'

describe('the routes of the matrix, the dashboard and a paragraph', () => {
  const routes: Route[] = [
    { screen: 'matrix', conferenceId: 'c1', declarationId: 'd1' },
    { screen: 'dashboard', conferenceId: 'c1', declarationId: 'd1' },
    { screen: 'declaration', conferenceId: 'c1', declarationId: 'd1', paragraphId: 'op6' },
  ]
  it('round-trips through the fragment', () => {
    for (const route of routes) expect(parseRoute(routeHref(route))).toEqual(route)
  })
  it('keeps the plain declaration route as it was', () => {
    expect(routeHref({ screen: 'declaration', conferenceId: 'c1', declarationId: 'd1' })).toBe(
      '#/conference/c1/declaration/d1',
    )
    expect(parseRoute('#/conference/c1/declaration/d1')).toEqual({
      screen: 'declaration',
      conferenceId: 'c1',
      declarationId: 'd1',
    })
  })
  it('refuses other spellings', () => {
    for (const hash of [
      '#/conference/c1/declaration/d1/Matrix',
      '#/conference/c1/declaration/d1/paragraph/OP6',
      '#/conference/c1/declaration/d1/paragraph/',
      '#/conference/c1/declaration/d1/matrix/x',
    ]) {
      expect(parseRoute(hash)).toEqual({ screen: 'home' })
    }
  })
})
