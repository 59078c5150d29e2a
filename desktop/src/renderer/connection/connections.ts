import { notify } from '../app/notices'
import { errorKey } from '../i18n/errorKey'
import { ConnectionManager } from './ConnectionManager'

/** Who to tell when the relay says the session ended (the session module sets it). */
export const sessionEvents = { onUnauthorized: () => {} }

/** The app's one connection manager (a module, not React state: see style.md 17). */
export const connections = new ConnectionManager({
  onUnauthorized: () => sessionEvents.onUnauthorized(),
  onRefused: (command, error) => {
    notify('error', 'outbox.refused', { what: command.summary, reason: errorKey(error.code) })
  },
})
