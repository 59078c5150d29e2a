import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { describeFinding, isBlocking, scanWithElectronegativity } from './electronegativity.js'

// The whole of desktop/src is scanned as one app (main, preload, shared, and the renderer once it
// is there), so the global checks (CSP, navigation limits, permission handler) see every file.
const source = join(import.meta.dirname, '../../src')

/**
 * Findings silenced in the code with `eng-disable`, each after a review written beside it. The
 * test pins this list, so nobody can silence a new finding (say, nodeIntegration) with a comment.
 */
const REVIEWED_SUPPRESSIONS = [
  'main/createMainWindow.ts: PRELOAD_JS_CHECK',
  'main/openExternalIfAllowed.ts: OPEN_EXTERNAL_JS_CHECK',
]

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name))
}

let scratch: string | undefined

afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
})

describe('Electronegativity', () => {
  it('finds nothing high or medium in the desktop app', async () => {
    const { findings, unparsed } = await scanWithElectronegativity(source)
    // Every finding is printed, low ones too, so a reviewer sees what the tool said.
    for (const finding of findings) console.info(`electronegativity: ${describeFinding(finding)}`)
    expect(unparsed, 'files Electronegativity could not parse, and so did not check').toEqual([])
    expect(findings.filter(isBlocking).map(describeFinding)).toEqual([])
  })

  it('is silenced only where a review says why', async () => {
    const suppressions: string[] = []
    for (const file of await sourceFiles(source)) {
      const text = await readFile(file, 'utf8')
      for (const match of text.matchAll(/eng-disable\s+([A-Z0-9_\s]+?)\s*(\*\/|-->|$)/gm)) {
        for (const check of match[1]!.trim().split(/\s+/)) {
          suppressions.push(`${relative(source, file).split('\\').join('/')}: ${check}`)
        }
      }
    }
    expect(suppressions.sort()).toEqual(REVIEWED_SUPPRESSIONS)
  })

  it('fails the run when the app loosens a window (the gate can fail)', async () => {
    // The app as it is, plus careless windows that each loosen one setting: the same scan must
    // report every one of them as blocking.
    scratch = await mkdtemp(join(tmpdir(), 'accord-electronegativity-'))
    await cp(source, scratch, { recursive: true })
    const rest = "disableBlinkFeatures: 'Auxclick'"
    const careless: [string, string, string[]][] = [
      // Node in the renderer, and so no sandbox either.
      [
        'nodeIntegration.ts',
        `nodeIntegration: true, contextIsolation: true, ${rest}`,
        ['NODE_INTEGRATION_JS_CHECK', 'SANDBOX_JS_CHECK'],
      ],
      // (With sandbox: true the tool says nothing about nodeIntegration: it counts the sandbox
      // as switching Node off. createMainWindow.test.ts pins nodeIntegration: false directly.)
      [
        'contextIsolation.ts',
        `contextIsolation: false, sandbox: true, ${rest}`,
        ['CONTEXT_ISOLATION_JS_CHECK'],
      ],
      ['sandbox.ts', `contextIsolation: true, sandbox: false, ${rest}`, ['SANDBOX_JS_CHECK']],
      [
        'webSecurity.ts',
        `webSecurity: false, contextIsolation: true, sandbox: true, ${rest}`,
        ['WEB_SECURITY_JS_CHECK'],
      ],
      [
        'insecureContent.ts',
        `allowRunningInsecureContent: true, contextIsolation: true, sandbox: true, ${rest}`,
        ['INSECURE_CONTENT_JS_CHECK'],
      ],
    ]
    for (const [file, preferences] of careless) {
      await writeFile(
        join(scratch, 'main', file),
        `import { BrowserWindow } from 'electron'\nexport const w = new BrowserWindow({ webPreferences: { ${preferences} } })\n`,
      )
    }
    const { findings } = await scanWithElectronegativity(scratch)
    const blocking = findings.filter(isBlocking).map((finding) => `${finding.file}: ${finding.id}`)
    for (const [file, , checks] of careless) {
      for (const check of checks) expect(blocking).toContain(`main/${file}: ${check}`)
    }
  })
})
