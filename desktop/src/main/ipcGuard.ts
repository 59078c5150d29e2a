import { isAppUrl } from './appOrigin.js'
import { DesktopError, DesktopErrorCode } from './DesktopError.js'

/** The part of Electron's `IpcMainInvokeEvent` the guard reads. */
export interface IpcEventLike {
  readonly senderFrame: { readonly url: string; readonly parent: unknown } | null
}

/**
 * Whether an IPC call may be served: it must come from a top-level frame showing the app's own
 * protocol origin. A frame that has navigated away (every navigation is denied, but this is the
 * second line), a subframe, or a frame already gone (null) is refused.
 */
export function isTrustedSender(event: IpcEventLike): boolean {
  const frame = event.senderFrame
  return frame !== null && frame.parent === null && isAppUrl(frame.url)
}

/** Turns the raw IPC arguments into a handler's input, or throws `invalid_argument`. */
export type ArgumentParser<A> = (args: readonly unknown[]) => A

/** For channels that take nothing: any argument at all is refused. */
export const noArguments: ArgumentParser<undefined> = (args) => {
  if (args.length !== 0) throw invalidArity(0, args.length)
  return undefined
}

/** For channels that take exactly one argument, checked by `parse`. */
export function oneArgument<A>(parse: (value: unknown) => A): ArgumentParser<A> {
  return (args) => {
    if (args.length !== 1) throw invalidArity(1, args.length)
    return parse(args[0])
  }
}

/**
 * Wraps a handler for `ipcMain.handle`: the sender is checked first, then the arguments, and only
 * then does `run` see them, typed. Every handler goes through this; none reads `args` itself.
 */
export function guardedHandler<A, R>(
  parse: ArgumentParser<A>,
  run: (input: A) => R | Promise<R>,
): (event: IpcEventLike, ...args: unknown[]) => Promise<R> {
  return async (event, ...args) => {
    if (!isTrustedSender(event)) {
      throw new DesktopError(DesktopErrorCode.forbiddenSender, 'the call did not come from the app')
    }
    return run(parse(args))
  }
}

function invalidArity(expected: number, got: number): DesktopError {
  return new DesktopError(
    DesktopErrorCode.invalidArgument,
    `expected ${expected} argument(s), got ${got}`,
  )
}
