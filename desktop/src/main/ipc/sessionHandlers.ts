import { IpcChannel } from '../../shared/ipcChannels.js'
import { guardedHandler, noArguments, oneArgument } from '../ipcGuard.js'
import type { SessionStore } from '../SessionStore.js'
import { parseSessionToken } from '../sessionToken.js'
import type { IpcHandlerTable } from './IpcHandlerTable.js'

/** The session domain: the token, kept with safeStorage or not at all. */
export function sessionHandlers(sessions: SessionStore): IpcHandlerTable {
  return {
    [IpcChannel.sessionLoad]: guardedHandler(noArguments, () => sessions.load()),
    [IpcChannel.sessionSave]: guardedHandler(oneArgument(parseSessionToken), (token) =>
      sessions.save(token),
    ),
    [IpcChannel.sessionClear]: guardedHandler(noArguments, () => sessions.clear()),
  }
}
