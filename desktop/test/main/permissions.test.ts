import { describe, expect, it } from 'vitest'
import { GRANTED_PERMISSIONS, isPermissionGranted } from '../../src/main/permissions.js'

describe('permission requests and checks', () => {
  it.each([
    'media',
    'geolocation',
    'notifications',
    'clipboard-read',
    'clipboard-sanitized-write',
    'display-capture',
    'fullscreen',
    'pointerLock',
    'openExternal',
    'hid',
    'serial',
    'usb',
    'midiSysex',
    'storage-access',
    'unknown',
  ])('denies %s', (permission) => {
    expect(isPermissionGranted(permission)).toBe(false)
  })

  it('grants nothing at all', () => {
    expect([...GRANTED_PERMISSIONS]).toEqual([])
  })
})
