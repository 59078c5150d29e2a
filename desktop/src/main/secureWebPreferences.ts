import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron'

/**
 * The renderer's webPreferences. Every security-relevant value is spelled out rather than left
 * to Electron's defaults, so a change of default in a later Electron cannot loosen it, and the
 * test can pin each one.
 */
export function secureWebPreferences(options: {
  preload: string
  devTools: boolean
}): WebPreferences {
  return {
    preload: options.preload,
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
    // DevTools only in development (`electron-vite dev`); a production build cannot open them.
    devTools: options.devTools,
    spellcheck: true,
  }
}

/** The main window: hidden until its first paint, so no blank frame flashes. */
export function mainWindowOptions(options: {
  preload: string
  devTools: boolean
}): BrowserWindowConstructorOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Accord',
    webPreferences: secureWebPreferences(options),
  }
}
