/**
 * The IPC channels behind `window.accord`, grouped by domain. The preload invokes them and the
 * main process handles them; both import these names so neither side can drift.
 */
export const IpcChannel = {
  settingsGetServerUrl: 'settings:get-server-url',
  settingsSetServerUrl: 'settings:set-server-url',
  sessionLoad: 'session:load',
  sessionSave: 'session:save',
  sessionClear: 'session:clear',
  shellOpenExternal: 'shell:open-external',
} as const

export type IpcChannel = (typeof IpcChannel)[keyof typeof IpcChannel]
