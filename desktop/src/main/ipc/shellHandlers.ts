import { IpcChannel } from '../../shared/ipcChannels.js'
import { DesktopError, DesktopErrorCode } from '../DesktopError.js'
import { isAllowedExternalUrl } from '../externalLinks.js'
import { guardedHandler, oneArgument } from '../ipcGuard.js'
import type { IpcHandlerTable } from './IpcHandlerTable.js'

/** The shell domain: opening allowlisted https links in the system browser. */
export function shellHandlers(options: {
  allowedOrigins: () => Promise<readonly string[]>
  openLink: (url: string) => Promise<void>
}): IpcHandlerTable {
  return {
    [IpcChannel.shellOpenExternal]: guardedHandler(
      oneArgument((value) => {
        if (typeof value !== 'string') {
          throw new DesktopError(DesktopErrorCode.invalidArgument, 'the link must be a string')
        }
        return value
      }),
      async (url) => {
        if (!isAllowedExternalUrl(url, await options.allowedOrigins())) {
          throw new DesktopError(
            DesktopErrorCode.notAllowed,
            'only https links to allowed sites open',
          )
        }
        await options.openLink(url)
      },
    ),
  }
}
