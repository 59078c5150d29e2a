import { describe, expect, it } from 'vitest'
import { mainWindowOptions, secureWebPreferences } from '../../src/main/secureWebPreferences.js'

describe('secureWebPreferences', () => {
  const preferences = secureWebPreferences({
    preload: '/app/out/preload/index.cjs',
    devTools: false,
  })

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
  ] as const)('sets %s to %s', (key, value) => {
    expect(preferences[key]).toBe(value)
  })

  it('enables no Blink features and passes no extra arguments to the renderer', () => {
    expect(preferences.enableBlinkFeatures).toBeUndefined()
    expect(preferences.additionalArguments).toBeUndefined()
    expect(preferences.preload).toBe('/app/out/preload/index.cjs')
  })

  it('allows DevTools only when asked (development builds)', () => {
    expect(secureWebPreferences({ preload: 'p', devTools: true }).devTools).toBe(true)
  })

  it('is what the main window uses', () => {
    const options = mainWindowOptions({ preload: '/p.cjs', devTools: false })
    expect(options.webPreferences).toEqual(
      secureWebPreferences({ preload: '/p.cjs', devTools: false }),
    )
    expect(options.show).toBe(false)
  })
})
