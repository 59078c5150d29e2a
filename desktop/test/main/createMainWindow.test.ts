import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'
import { describe, expect, it } from 'vitest'
import { createMainWindow } from '../../src/main/createMainWindow.js'

/** Stands in for Electron's class and keeps what the window was built with. */
class RecordedWindow {
  constructor(readonly options: BrowserWindowConstructorOptions) {}
}

function preferencesFor(devTools: boolean): WebPreferences {
  const window = createMainWindow(RecordedWindow, {
    preload: '/app/out/preload/index.cjs',
    devTools,
  })
  return window.options.webPreferences ?? {}
}

describe('the main window’s webPreferences', () => {
  const preferences = preferencesFor(false)

  it.each([
    ['contextIsolation', true],
    ['sandbox', true],
    ['nodeIntegration', false],
    ['nodeIntegrationInWorker', false],
    ['nodeIntegrationInSubFrames', false],
    ['webSecurity', true],
    ['allowRunningInsecureContent', false],
    ['experimentalFeatures', false],
    ['webviewTag', false],
    ['navigateOnDragDrop', false],
    ['devTools', false],
    ['disableBlinkFeatures', 'Auxclick'],
  ] as const)('sets %s to %s', (key, value) => {
    expect(preferences[key]).toBe(value)
  })

  it('enables no Blink features, passes no extra arguments, and loads the bundled preload', () => {
    expect(preferences.enableBlinkFeatures).toBeUndefined()
    expect(preferences.additionalArguments).toBeUndefined()
    expect(preferences.preload).toBe('/app/out/preload/index.cjs')
  })

  it('allows DevTools only when asked (development builds)', () => {
    expect(preferencesFor(true).devTools).toBe(true)
  })
})
