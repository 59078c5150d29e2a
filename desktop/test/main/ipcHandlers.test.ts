import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { SecretStoreState } from '../../src/main/canKeepSecrets.js'
import type { IpcHandlerTable } from '../../src/main/ipc/IpcHandlerTable.js'
import { sessionHandlers } from '../../src/main/ipc/sessionHandlers.js'
import { settingsHandlers } from '../../src/main/ipc/settingsHandlers.js'
import { shellHandlers } from '../../src/main/ipc/shellHandlers.js'
import { type IpcEventLike, isTrustedSender } from '../../src/main/ipcGuard.js'
import { type SecretCipher, SessionStore } from '../../src/main/SessionStore.js'
import { SettingsStore } from '../../src/main/SettingsStore.js'
import { IpcChannel } from '../../src/shared/ipcChannels.js'

/** An invoke event as Electron builds it, from a frame at `url` (top level unless a parent is given). */
function eventFrom(url: string, parent: unknown = null): IpcEventLike {
  return { senderFrame: { url, parent } }
}

const app = eventFrom('accord://app/index.html#/declarations/7')

describe('isTrustedSender', () => {
  it.each([
    ['the app page', eventFrom('accord://app/index.html'), true],
    ['the app root with a route', eventFrom('accord://app/#/invitation/abc'), true],
    [
      'a subframe of the app',
      eventFrom('accord://app/index.html', { url: 'accord://app/' }),
      false,
    ],
    ['a frame already gone', { senderFrame: null }, false],
    ['a web page', eventFrom('https://evil.example.com/'), false],
    ['a page named like the app', eventFrom('https://app/index.html'), false],
    ['a file page', eventFrom('file:///tmp/index.html'), false],
    ['another host on the app scheme', eventFrom('accord://evil/index.html'), false],
    ['the app scheme with a port', eventFrom('accord://app:1/index.html'), false],
    ['the app scheme with credentials', eventFrom('accord://x@app/index.html'), false],
    ['about:blank', eventFrom('about:blank'), false],
    ['a data URL', eventFrom('data:text/html,hi'), false],
    ['an empty URL', eventFrom(''), false],
  ])('%s: %s', (_name, event, trusted) => {
    expect(isTrustedSender(event)).toBe(trusted)
  })
})

class AlwaysAvailable implements SecretCipher {
  async state(): Promise<SecretStoreState> {
    return { encryptionAvailable: true, platform: 'darwin', linuxBackend: null }
  }
  async encrypt(plainText: string): Promise<Uint8Array> {
    return Buffer.from(plainText).reverse()
  }
  async decrypt(encrypted: Uint8Array): Promise<string> {
    return Buffer.from(encrypted).reverse().toString()
  }
}

let dir: string
let opened: string[]
let handlers: IpcHandlerTable

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-ipc-'))
  opened = []
  const settings = new SettingsStore(join(dir, 'settings.json'))
  handlers = {
    ...settingsHandlers(settings),
    ...sessionHandlers(new SessionStore(join(dir, 'session.bin'), new AlwaysAvailable())),
    ...shellHandlers({
      allowedOrigins: async () => ['https://accord.example.org'],
      openLink: async (url) => {
        opened.push(url)
      },
    }),
  }
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

function call(channel: IpcChannel, event: IpcEventLike, ...args: unknown[]): Promise<unknown> {
  const handler = handlers[channel]
  if (!handler) throw new Error(`no handler for ${channel}`)
  return handler(event, ...args)
}

describe('the IPC handlers', () => {
  it('cover every channel the preload uses', () => {
    expect(Object.keys(handlers).sort()).toEqual(Object.values(IpcChannel).sort())
  })

  it('serve the app: server URL, session and links round-trip', async () => {
    expect(await call(IpcChannel.settingsGetServerUrl, app)).toBeNull()
    await call(IpcChannel.settingsSetServerUrl, app, 'https://accord.example.org/')
    expect(await call(IpcChannel.settingsGetServerUrl, app)).toBe('https://accord.example.org')
    expect(await call(IpcChannel.sessionSave, app, 'dG9rZW4tMQ')).toBe(true)
    expect(await call(IpcChannel.sessionLoad, app)).toBe('dG9rZW4tMQ')
    await call(IpcChannel.sessionClear, app)
    expect(await call(IpcChannel.sessionLoad, app)).toBeNull()
    await call(IpcChannel.shellOpenExternal, app, 'https://accord.example.org/published/1')
    expect(opened).toEqual(['https://accord.example.org/published/1'])
  })

  const calls: [IpcChannel, unknown[]][] = [
    [IpcChannel.settingsGetServerUrl, []],
    [IpcChannel.settingsSetServerUrl, ['https://accord.example.org']],
    [IpcChannel.sessionLoad, []],
    [IpcChannel.sessionSave, ['dG9rZW4']],
    [IpcChannel.sessionClear, []],
    [IpcChannel.shellOpenExternal, ['https://accord.example.org/']],
  ]

  it.each(calls)(
    'refuse %s from a foreign frame before looking at anything',
    async (channel, args) => {
      await expect(call(channel, eventFrom('https://evil.example.com/'), ...args)).rejects.toThrow(
        /^forbidden_sender: /,
      )
      await expect(call(channel, { senderFrame: null }, ...args)).rejects.toThrow(
        /^forbidden_sender: /,
      )
      await expect(call(channel, eventFrom('accord://app/', {}), ...args)).rejects.toThrow(
        /^forbidden_sender: /,
      )
      expect(opened).toEqual([])
    },
  )

  it.each([
    [IpcChannel.settingsGetServerUrl, ['extra']],
    [IpcChannel.settingsSetServerUrl, []],
    [IpcChannel.settingsSetServerUrl, ['https://a.example', 'extra']],
    [IpcChannel.settingsSetServerUrl, [{ toString: () => 'https://a.example' }]],
    [IpcChannel.settingsSetServerUrl, ['https://user:pw@a.example']],
    [IpcChannel.settingsSetServerUrl, ['file:///etc/passwd']],
    [IpcChannel.sessionLoad, [1]],
    [IpcChannel.sessionSave, []],
    [IpcChannel.sessionSave, [42]],
    [IpcChannel.sessionSave, ['']],
    [IpcChannel.sessionSave, ['token with spaces']],
    [IpcChannel.sessionSave, ['a'.repeat(5000)]],
    [IpcChannel.sessionSave, [['dG9rZW4']]],
    [IpcChannel.sessionClear, [true]],
    [IpcChannel.shellOpenExternal, []],
    [IpcChannel.shellOpenExternal, [new URL('https://accord.example.org/')]],
  ] as [IpcChannel, unknown[]][])('refuse %s with arguments %j', async (channel, args) => {
    await expect(call(channel, app, ...args)).rejects.toThrow(/^invalid_argument: /)
  })

  it.each([
    'http://accord.example.org/',
    'https://evil.example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'accord://app/index.html',
  ])('do not open %s', async (url) => {
    await expect(call(IpcChannel.shellOpenExternal, app, url)).rejects.toThrow(/^not_allowed: /)
    expect(opened).toEqual([])
  })

  it('leave the settings untouched when a value is refused', async () => {
    await call(IpcChannel.settingsSetServerUrl, app, 'https://accord.example.org')
    await expect(call(IpcChannel.settingsSetServerUrl, app, 'ftp://x')).rejects.toThrow()
    expect(await call(IpcChannel.settingsGetServerUrl, app)).toBe('https://accord.example.org')
  })
})
