import { spawnSync } from 'node:child_process'
import { chmod, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Builds the real sources with the real electron.vite.config.ts, in a scratch copy of the
// package so the repository's out/ is untouched and a stand-in renderer page can be supplied
// (the renderer has its own tests). Then checks what Electron will load.
const desktop = join(import.meta.dirname, '../..')
let scratch: string
let built: { status: number | null; output: string }

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'accord-desktop-build-'))
  for (const part of [
    'src/main',
    'src/preload',
    'src/shared',
    'scripts',
    'electron.vite.config.ts',
    'package.json',
  ]) {
    await cp(join(desktop, part), join(scratch, part), { recursive: true })
  }
  await symlink(join(desktop, 'node_modules'), join(scratch, 'node_modules'), 'dir')
  await mkdir(join(scratch, 'src/renderer'), { recursive: true })
  await writeFile(
    join(scratch, 'src/renderer/index.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Accord</title></head>' +
      '<body><div id="root"></div><script type="module" src="./main.ts"></script></body></html>',
  )
  await writeFile(join(scratch, 'src/renderer/main.ts'), "document.title = 'Accord'\n")
  const result = spawnSync(join(desktop, 'node_modules/.bin/electron-vite'), ['build'], {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
  })
  built = { status: result.status, output: `${result.stdout}\n${result.stderr}` }
}, 120_000)

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

const read = (path: string) => readFile(join(scratch, 'out', path), 'utf8')

describe('electron-vite build', () => {
  it('builds main, preload and renderer without an Electron binary', () => {
    expect(built.status, built.output).toBe(0)
  })

  it('makes the preload one CommonJS file that requires nothing but electron (a sandbox rule)', async () => {
    const preload = await read('preload/index.cjs')
    const required = [...preload.matchAll(/require\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1])
    expect(required).toEqual(['electron'])
    expect(preload).not.toMatch(/^\s*import\s/m)
    expect(preload).toContain('exposeInMainWorld("accord"')
  })

  it('makes the main process import only electron and Node built-ins, with DevTools off', async () => {
    const main = await read('main/index.js')
    const imported = [...main.matchAll(/^import\s[^'"]*["']([^"']+)["']/gm)].map((m) => m[1])
    expect(imported.length).toBeGreaterThan(0)
    for (const specifier of imported) expect(specifier).toMatch(/^(electron|node:.+)$/)
    expect(main).not.toContain('import.meta.env')
    expect(main).toMatch(/devTools = false/)
  })

  it('gives the page the CSP and no inline script', async () => {
    const html = await read('renderer/index.html')
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;self&#39;;/,
    )
    for (const script of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) {
      expect(script).toMatch(/\ssrc="\.\/assets\/[^"]+\.js"/)
      expect(script).toMatch(/><\/script>$/)
    }
  })
})

describe('the launcher behind `pnpm desktop`', () => {
  const launch = (env: Record<string, string | undefined>) =>
    spawnSync(process.execPath, [join(scratch, 'scripts/launchElectron.mjs')], {
      cwd: scratch,
      encoding: 'utf8',
      env: { ...process.env, ELECTRON_EXEC_PATH: undefined, ...env },
    })

  it('says how to get Electron when its binary is missing, and fails', () => {
    // Pointed at nothing, so the test does not depend on whether this machine has Electron.
    const result = launch({ ELECTRON_EXEC_PATH: join(scratch, 'no-such-electron') })
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('the Electron binary is not installed')
    expect(result.stderr).toContain('install-electron')
  })

  it('launches the built app with the Electron it is pointed at', async () => {
    const fakeElectron = join(scratch, 'fake-electron.sh')
    await writeFile(fakeElectron, '#!/bin/sh\necho "electron $* in $(pwd)"\n')
    await chmod(fakeElectron, 0o755)
    const result = launch({ ELECTRON_EXEC_PATH: fakeElectron })
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout.trim()).toBe(`electron . in ${scratch}`)
  })
})
