import { contextBridge, ipcRenderer } from 'electron'
import type { AccordBridge } from '../shared/bridge.js'
import { IpcChannel } from '../shared/ipcChannels.js'

// The renderer's only door to the main process. Each method passes exactly the arguments it
// names, never a spread, so the page cannot smuggle extra ones; the main process validates them
// again anyway. No Electron object (ipcRenderer, events) ever reaches the page.
const accord = {
  platform: 'electron',
  serverUrl: () => ipcRenderer.invoke(IpcChannel.settingsGetServerUrl),
  setServerUrl: (url: string) => ipcRenderer.invoke(IpcChannel.settingsSetServerUrl, url),
  loadSession: () => ipcRenderer.invoke(IpcChannel.sessionLoad),
  saveSession: (token: string) => ipcRenderer.invoke(IpcChannel.sessionSave, token),
  clearSession: () => ipcRenderer.invoke(IpcChannel.sessionClear),
  openExternal: (url: string) => ipcRenderer.invoke(IpcChannel.shellOpenExternal, url),
} as const satisfies AccordBridge

contextBridge.exposeInMainWorld('accord', accord)
