import { OutcomeViewsNav } from '../revisions/OutcomeViewsNav'

/** Props of {@link DeclarationViewsNav}. */
export interface DeclarationViewsNavProps {
  readonly conferenceId: string
  readonly declarationId: string
  readonly current: 'declaration' | 'matrix' | 'dashboard'
}

/** The declaration's views (text, matrix, dashboard and the outcome screens) as links. */
export function DeclarationViewsNav(props: DeclarationViewsNavProps) {
  return <OutcomeViewsNav {...props} />
}
