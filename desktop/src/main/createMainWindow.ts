import type { BrowserWindowConstructorOptions } from 'electron'

/** Electron's `BrowserWindow` class, taken as a parameter so this module needs no Electron to run. */
export type BrowserWindowClass<W> = new (options: BrowserWindowConstructorOptions) => W

/**
 * Opens the main window. Every security-relevant webPreference is spelled out rather than left
 * to Electron's defaults, so a later Electron's new default cannot loosen it. They are written
 * as a literal right inside `new BrowserWindow(…)` on purpose: that is where Electronegativity
 * reads them, so its checks in the test run see the real values, and the unit test captures
 * the same object.
 */
export function createMainWindow<W>(
  BrowserWindow: BrowserWindowClass<W>,
  options: { preload: string; devTools: boolean },
): W {
  return new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    // Hidden until the first paint, so no blank frame flashes.
    show: false,
    title: 'Accord',
    webPreferences: {
      // Reviewed: our own bundled preload, which exposes only the typed `window.accord` bridge.
      preload: options.preload /* eng-disable PRELOAD_JS_CHECK */,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // A middle click would ask for a new window; the open handler denies it anyway.
      disableBlinkFeatures: 'Auxclick',
      // DevTools only in development (`electron-vite dev`); a production build cannot open them.
      devTools: options.devTools,
      spellcheck: true,
    },
  })
}
