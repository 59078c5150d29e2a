import type { IpcChannel } from '../../shared/ipcChannels.js'
import type { IpcEventLike } from '../ipcGuard.js'

/** A domain's handlers, by channel, each already wrapped by `guardedHandler`. */
export type IpcHandlerTable = Partial<
  Record<IpcChannel, (event: IpcEventLike, ...args: unknown[]) => Promise<unknown>>
>
