import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SettingsStore } from '../../src/main/SettingsStore.js'

let dir: string
let file: string

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'accord-settings-'))
  file = join(dir, 'settings.json')
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('SettingsStore', () => {
  it('has no server until one is set, then keeps it normalised', async () => {
    const settings = new SettingsStore(file)
    expect(await settings.serverUrl()).toBeNull()
    await settings.setServerUrl('https://accord.example.org/')
    expect(await settings.serverUrl()).toBe('https://accord.example.org')
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      serverUrl: 'https://accord.example.org',
    })
  })

  it.each([
    ['damaged JSON', '{"serverUrl": "https://acc'],
    ['a credential smuggled in by hand', '{"serverUrl": "https://admin:pw@accord.example.org"}'],
    ['a file URL', '{"serverUrl": "file:///etc/passwd"}'],
    ['the wrong shape', '["https://accord.example.org"]'],
    ['null', 'null'],
  ])('reads %s back as no setting', async (_name, contents) => {
    await writeFile(file, contents)
    expect(await new SettingsStore(file).serverUrl()).toBeNull()
  })

  it('refuses to store an invalid URL', async () => {
    await expect(new SettingsStore(file).setServerUrl('javascript:alert(1)')).rejects.toThrow(
      /invalid_argument/,
    )
  })
})
