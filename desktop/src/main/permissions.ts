/**
 * Permissions the renderer may be granted. None: Accord needs no camera, microphone,
 * notifications, geolocation, clipboard reads, HID, serial or USB, and every grant would be a
 * way for injected content to reach the machine. Copy and paste by keyboard need no permission.
 */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set()

/** The answer to every permission request and permission check, from any origin. */
export function isPermissionGranted(permission: string): boolean {
  return GRANTED_PERMISSIONS.has(permission)
}
