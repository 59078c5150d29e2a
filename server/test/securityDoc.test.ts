import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { COMMANDS } from '@accord/protocol'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RunningServer } from '../src/server.js'
import { startTestServer, tempDataDir } from './helpers.js'

// docs/security.md says what the code does "today". This test holds it to that: every route it
// names exists, every command it says has no route has none (and the others have one), every
// audit action and file it cites exists, and every "not implemented" claim is one this test
// knows and checks is still true. A feature built without fixing the page fails here.

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const doc = readFileSync(join(repo, 'docs', 'security.md'), 'utf8')

/** Every file under `dir` whose name ends in .ts or .tsx, but no tests. */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sources(path)
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : []
  })
}
const serverSource = sources(join(repo, 'server', 'src'))
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n')
const routeSource = sources(join(repo, 'server', 'src', 'routes'))
  .map((path) => readFileSync(path, 'utf8'))
  .join('\n')
/** Every audit action the server records, from `action: '…'` and `ctx.record(d, actor, '…'`. */
const auditActions = new Set([
  ...[...serverSource.matchAll(/action: '([a-zA-Z.-]+)'/g)].map((m) => m[1]!),
  ...[...serverSource.matchAll(/record\(d, actor, '([a-zA-Z.-]+)'/g)].map((m) => m[1]!),
])

let data: ReturnType<typeof tempDataDir>
let server: RunningServer
let operations: { method: string; path: string }[]

beforeAll(async () => {
  data = tempDataDir()
  server = await startTestServer(data.dir)
  const openapi = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as {
    paths: Record<string, Record<string, unknown>>
  }
  operations = Object.entries(openapi.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({ method: method.toUpperCase(), path })),
  )
}, 30_000)

afterAll(async () => {
  await server.close()
  data.cleanup()
})

/** Whether `METHOD path` as the page writes it (`…` for a prefix, `<id>` or `{id}`) exists. */
function routeExists(method: string, written: string): boolean {
  const pattern = written
    .replace(/^\/api/, '')
    .split(/(\{[^}]+\}|<[^>]+>)/)
    .map((part, i) =>
      i % 2 === 1 ? '\\{[^}]+\\}' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace('…', '.*'),
    )
    .join('')
  const re = new RegExp(`^${pattern}$`)
  return operations.some((op) => op.method === method && re.test(op.path))
}

describe('docs/security.md', () => {
  it('names only routes the OpenAPI document has', () => {
    const named = [...doc.matchAll(/`(GET|POST|PUT|PATCH|DELETE) ([^`\s]+)`/g)]
    expect(named.length).toBeGreaterThan(5)
    const missing = named
      .map((m) => [m[1]!, m[2]!] as const)
      .filter(([method, path]) => !routeExists(method, path))
      .map(([method, path]) => `${method} ${path}`)
    expect(missing).toEqual([])
  })

  it('says "No route uses it yet" of exactly the commands no route authorises', () => {
    for (const command of COMMANDS) {
      // The command's own paragraph in 1.3 starts with its name in backticks.
      const paragraph = doc
        .split(/\n\n/)
        .find((p) => p.startsWith(`\`${command}\``) || p.includes(`\n\`${command}\``))
      const saysNone = paragraph !== undefined && /No route uses it yet/.test(paragraph)
      const routed = routeSource.includes(`'${command}'`)
      expect({ command, saysNone }).toEqual({ command, saysNone: !routed })
    }
  })

  it('cites only audit actions the server records, and files that exist', () => {
    const cited = [...doc.matchAll(/audited (?:as )?\(?`([a-zA-Z]+\.[a-zA-Z]+)`/g)].map(
      (m) => m[1]!,
    )
    expect(cited).toEqual(
      expect.arrayContaining(['proposal.forgedAttribution', 'paragraph.lockRestored']),
    )
    expect(cited.filter((action) => !auditActions.has(action))).toEqual([])

    const files = [...doc.matchAll(/`([\w./-]+\/[\w.-]+\.tsx?)`/g)].map((m) => m[1]!)
    expect(files.length).toBeGreaterThan(10)
    const roots = [
      '',
      'server/src',
      'server',
      'packages/protocol/src',
      'packages/editor/src',
      'packages/client/src',
      'packages',
    ]
    const absent = files.filter(
      (file) =>
        !roots.some((root) => {
          try {
            return statSync(join(repo, root, file)).isFile()
          } catch {
            return false
          }
        }),
    )
    expect(absent).toEqual([])
  })

  it('marks as not built only what this test checks is still not built', () => {
    /** Each claim of absence the page makes, with a check that the code still lacks it. */
    const claims: Record<string, () => boolean> = {
      // The page's own explanation of the marker, and the heading of 3.3.
      'is listed as **not implemented**': () => true,
      'Items marked **Not implemented** are planned but not built.': () => true,
      '### 3.3 Not implemented yet': () => true,
      '**Not implemented:** built-in TLS and HSTS.': () =>
        !/createSecureServer|https\.createServer|Strict-Transport-Security/.test(serverSource),
      '**Not implemented:** encryption at rest.': () => !/PRAGMA key|cipher_/i.test(serverSource),
      // Who sent which draft update is not an audit entry (only repairs and forgeries are).
      'Attribution of draft updates to users in the audit log': () =>
        [...auditActions]
          .filter((a) => a.startsWith('draft.'))
          .every((a) => a === 'draft.repaired'),
    }
    // Line breaks are not meaning: claims are matched in the text with its whitespace folded.
    const text = doc.replace(/\s+/g, ' ')
    const spans = Object.keys(claims).flatMap((claim) => {
      const at = text.indexOf(claim)
      return at < 0 ? [] : [[at, at + claim.length] as const]
    })
    const unknown = [...text.matchAll(/not implemented|not built|no route uses it|planned \(/gi)]
      .filter((m) => !spans.some(([from, to]) => m.index >= from && m.index < to))
      .map((m) => text.slice(Math.max(0, m.index - 60), m.index + 40))
    expect(unknown, 'a claim of absence this test does not check').toEqual([])
    for (const [claim, stillAbsent] of Object.entries(claims)) {
      expect(text, claim).toContain(claim)
      expect(stillAbsent(), `built now? fix docs/security.md: ${claim}`).toBe(true)
    }
  })
})
