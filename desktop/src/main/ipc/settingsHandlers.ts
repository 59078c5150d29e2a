import { IpcChannel } from '../../shared/ipcChannels.js'
import { guardedHandler, noArguments, oneArgument } from '../ipcGuard.js'
import type { SettingsStore } from '../SettingsStore.js'
import { parseServerUrl } from '../serverUrl.js'
import type { IpcHandlerTable } from './IpcHandlerTable.js'

/** The settings domain: the server URL the desktop talks to. */
export function settingsHandlers(settings: SettingsStore): IpcHandlerTable {
  return {
    [IpcChannel.settingsGetServerUrl]: guardedHandler(noArguments, () => settings.serverUrl()),
    [IpcChannel.settingsSetServerUrl]: guardedHandler(oneArgument(parseServerUrl), (url) =>
      settings.setServerUrl(url),
    ),
  }
}
