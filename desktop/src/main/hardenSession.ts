import type { Session } from 'electron'
import { APP_SCHEME } from './appOrigin.js'
import { createAppProtocolHandler } from './appProtocolHandler.js'
import { isPermissionGranted } from './permissions.js'

/**
 * Sets up the session the window uses: the app's protocol serving `rendererRoot`, and every
 * permission request, permission check and device request answered by the (empty) grant list.
 */
export function hardenSession(target: Session, rendererRoot: string): void {
  target.protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot))
  target.setPermissionRequestHandler((_contents, permission, callback) => {
    callback(isPermissionGranted(permission))
  })
  target.setPermissionCheckHandler((_contents, permission) => isPermissionGranted(permission))
  target.setDevicePermissionHandler(() => false)
}
