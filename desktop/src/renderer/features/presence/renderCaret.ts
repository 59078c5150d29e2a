import { delegationColour } from './delegationColour'

/**
 * A remote caret, in its delegation's colour, labelled with the person and their delegation.
 * The server stamps `name` and `delegation` into awareness from the session, so they can be
 * trusted; the label is text (textContent), never HTML.
 */
export function renderCaret(user: Record<string, unknown>): HTMLElement {
  const delegation = typeof user.delegation === 'string' ? user.delegation : null
  const name = typeof user.name === 'string' ? user.name : '?'
  const colour = delegationColour(delegation)
  const caret = document.createElement('span')
  caret.className = 'collaboration-carets__caret'
  caret.style.borderColor = colour
  const label = document.createElement('span')
  label.className = 'collaboration-carets__label'
  label.style.backgroundColor = colour
  label.textContent = delegation ? `${name} (${delegation})` : name
  caret.append(label)
  return caret
}
