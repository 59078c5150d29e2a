import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pino from 'pino'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startPolicyServer, tempDataDir } from '../../test/helpers.js'
import { seedDemoIfEmpty } from '../demo/seedDemo.js'
import { seedPublishedDeclaration } from '../demo/seedPublishedDeclaration.js'
import type { RunningServer } from '../server.js'
import type { CliIo } from './commands.js'
import { runVerify } from './verifyCommand.js'

// `pnpm accord verify <bundle>`: a bundle downloaded from a real server verifies with no server
// (the process gets no data directory); flipping any byte of it, or reordering its history,
// fails with a specific error and exit code 1.

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const SCRIPT = join(serverDir, 'src', 'cli', 'accord.ts')

let data: ReturnType<typeof tempDataDir>
let server: RunningServer
let bundle: string
let fingerprint: string

function accord(args: string[]) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', SCRIPT, ...args], {
    cwd: serverDir,
    // An observer's machine: a data directory that does not exist, which verify must not create.
    env: {
      ...process.env,
      INIT_CWD: data.dir,
      ACCORD_DATA_DIR: 'no-such-data',
      LOG_LEVEL: 'silent',
    },
    encoding: 'utf8',
    timeout: 60_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function write(name: string, text: string): string {
  writeFileSync(join(data.dir, name), text)
  return name
}

/** runVerify in-process, for the exhaustive flips: the exit code and what it wrote to stderr. */
async function verifyText(text: string): Promise<{ code: number; err: string }> {
  let err = ''
  const io: CliIo = { out: () => {}, err: (line) => (err += line), readStdin: async () => '' }
  write('flipped.json', text)
  return { code: await runVerify(['flipped.json'], io, data.dir), err }
}

beforeAll(async () => {
  data = tempDataDir()
  server = await startPolicyServer(join(data.dir, 'server'))
  await seedDemoIfEmpty(server.services, join(data.dir, 'server'), pino({ level: 'silent' }))
  const published = await seedPublishedDeclaration(server.services)
  bundle = await (await fetch(`${server.url}/texts/${published.id}/bundle.json`)).text()
  fingerprint = server.services.outcomes.key.fingerprint
  await server.close()
})

afterAll(() => data.cleanup())

describe('pnpm accord verify', () => {
  it('verifies a downloaded bundle offline, against the key the user trusts', {
    timeout: 120_000,
  }, () => {
    const name = write('bundle.json', bundle)
    const plain = accord(['verify', name])
    expect(plain.stderr).toBe('')
    expect(plain.code).toBe(0)
    expect(plain.stdout).toContain(
      'verified: Trieste Ministerial Statement on Data for Development',
    )
    expect(plain.stdout).toContain('not checked against a key you trust')
    const trusted = accord(['verify', name, '--key', fingerprint])
    expect(trusted.code).toBe(0)
    expect(trusted.stdout).toContain('the key you trust')
    const wrong = accord(['verify', name, '--key', 'ffff'.repeat(16)])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('FAILED (key_mismatch)')
  })

  it('fails with a specific error when the text, the manifest or the signature is changed, or the history reordered', async () => {
    const parsed = JSON.parse(bundle)
    const cases: [string, (b: typeof parsed) => void, string][] = [
      [
        'text',
        (b) => (b.files['text.txt'] = b.files['text.txt'].replace('6.', '7.')),
        'content_hash',
      ],
      [
        'json',
        (b) => (b.files['text.json'] = b.files['text.json'].replace('Trieste', 'Trie5te')),
        'content_hash',
      ],
      ['manifest', (b) => (b.manifest.publishedAt += 1), 'signature_invalid'],
      [
        'manifest hash',
        (b) => (b.manifest.files['text.txt'].sha256 = '0'.repeat(64)),
        'signature_invalid',
      ],
      [
        'signature',
        (b) => (b.signature = (b.signature[0] === 'A' ? 'B' : 'A') + b.signature.slice(1)),
        'signature_invalid',
      ],
      ['history order', (b) => b.history.reverse(), 'history_order'],
      ['history cut', (b) => b.history.pop(), 'history_head'],
    ]
    for (const [index, [what, change, code]] of cases.entries()) {
      const copy = structuredClone(parsed)
      change(copy)
      // The first case as a process, like a user runs it; the others in-process (same code path
      // after the command line), because starting a process takes seconds here.
      const result =
        index === 0
          ? accord(['verify', write(`${what}.json`, JSON.stringify(copy))])
          : await verifyText(JSON.stringify(copy)).then(({ code, err }) => ({ code, stderr: err }))
      expect(result.code, what).toBe(1)
      expect(result.stderr, what).toContain(`FAILED (${code})`)
    }
    expect(accord(['verify']).code).toBe(2)
    expect(accord(['verify', 'missing.json']).code).toBe(2)
  })

  it('fails, with a stable code, when any single byte of the bundle is flipped', async () => {
    const bytes = Buffer.from(bundle, 'utf8')
    const codes = new Set<string>()
    // Every byte of the manifest and the signature; the files and the history every 3rd byte
    // (each a different position class of its JSON), to stay within seconds on a small machine.
    const parsed = JSON.parse(bundle)
    const span = (value: unknown) => {
      const text = Buffer.from(JSON.stringify(value))
      const start = bytes.indexOf(text)
      return [start, start + text.length] as const
    }
    const exhaustive = [span(parsed.manifest), span(parsed.signature)]
    const everyByte = (i: number) => exhaustive.some(([a, b]) => i >= a && i < b)
    for (let i = 0; i < bytes.length; i++) {
      if (!everyByte(i) && i % 3 !== 0) continue
      const flipped = Buffer.from(bytes)
      flipped[i] = flipped[i]! ^ 0x01
      const { code, err } = await verifyText(flipped.toString('utf8'))
      expect(code, `byte ${i} (${JSON.stringify(bundle.slice(Math.max(0, i - 20), i + 20))})`).toBe(
        1,
      )
      const match = /FAILED \(([a-z_]+)\)/.exec(err)
      expect(match, `byte ${i}`).not.toBeNull()
      codes.add(match![1]!)
    }
    // Each part of the bundle fails in its own way.
    expect([...codes]).toEqual(
      expect.arrayContaining([
        'bundle_malformed',
        'signature_invalid',
        'content_hash',
        'history_hash',
      ]),
    )
  }, 120_000)
})
