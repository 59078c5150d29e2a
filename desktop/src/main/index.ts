import { join } from 'node:path'
import { app, BrowserWindow, ipcMain, protocol, safeStorage, session } from 'electron'
import { APP_ENTRY_URL, APP_SCHEME } from './appOrigin.js'
import { createMainWindow } from './createMainWindow.js'
import { externalOrigins } from './externalLinks.js'
import { hardenSession } from './hardenSession.js'
import { hardenWebContents } from './hardenWebContents.js'
import { sessionHandlers } from './ipc/sessionHandlers.js'
import { settingsHandlers } from './ipc/settingsHandlers.js'
import { shellHandlers } from './ipc/shellHandlers.js'
import { openExternalIfAllowed } from './openExternalIfAllowed.js'
import { type SecretCipher, SessionStore } from './SessionStore.js'
import { SettingsStore } from './SettingsStore.js'

// The main process only wires Electron to the functions beside it; every decision lives (and is
// tested) in those.

// Every renderer sandboxed, including any that some later code might forget to configure.
app.enableSandbox()

// Before `ready`: a standard, secure scheme gets an origin of its own, so the CSP's 'self', fetch
// and the sender check work as they do on https.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
])

const rendererRoot = join(import.meta.dirname, '../renderer')
const preload = join(import.meta.dirname, '../preload/index.cjs')
const devTools = import.meta.env.DEV

const cipher: SecretCipher = {
  async state() {
    return {
      encryptionAvailable: await safeStorage.isAsyncEncryptionAvailable(),
      platform: process.platform,
      linuxBackend: process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : null,
    }
  },
  encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
  decrypt: async (encrypted) =>
    (await safeStorage.decryptStringAsync(Buffer.from(encrypted))).result,
}

function registerIpc(settings: SettingsStore, sessions: SessionStore): void {
  const tables = [
    settingsHandlers(settings),
    sessionHandlers(sessions),
    shellHandlers({
      allowedOrigins: async () => externalOrigins(await settings.serverUrl()),
      openLink: async (url) => {
        await openExternalIfAllowed(url, settings)
      },
    }),
  ]
  for (const table of tables) {
    for (const [channel, handler] of Object.entries(table)) ipcMain.handle(channel, handler)
  }
}

async function openMainWindow(): Promise<void> {
  const window = createMainWindow(BrowserWindow, { preload, devTools })
  window.once('ready-to-show', () => window.show())
  await window.loadURL(APP_ENTRY_URL)
}

if (!app.requestSingleInstanceLock()) {
  // A second copy would share the token file and settings; hand over to the first one.
  app.quit()
} else {
  const userData = app.getPath('userData')
  const settings = new SettingsStore(join(userData, 'settings.json'))
  const sessions = new SessionStore(join(userData, 'session.bin'), cipher)

  app.on('web-contents-created', (_event, contents) => {
    hardenWebContents(contents, (url) => openExternalIfAllowed(url, settings))
  })
  app.on('second-instance', () => {
    const [window] = BrowserWindow.getAllWindows()
    if (window?.isMinimized()) window.restore()
    window?.focus()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  void app.whenReady().then(async () => {
    hardenSession(session.defaultSession, rendererRoot)
    registerIpc(settings, sessions)
    await openMainWindow()
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) void openMainWindow()
    })
  })
}
