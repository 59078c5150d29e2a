import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { WEB_DIR } from './webBuild.js'

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'server')

/** A demo account as the credentials file lists it. */
export interface DemoAccount {
  readonly email: string
  readonly password: string
}

/** The real server process, started as `pnpm start` starts it, on a fresh demo. */
export interface DemoServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string
  readonly conferenceId: string
  readonly declarationId: string
  /** By label: `secretariat`, `delegate (JPN)`, … */
  account(label: string): DemoAccount
  stop(): Promise<void>
}

function parseCredentials(text: string) {
  const accounts = new Map<string, DemoAccount>()
  for (const line of text.split('\n')) {
    const match = /^(.+?)\s{2,}(\S+@\S+)\s+(\S+)$/.exec(line.trim())
    if (match) accounts.set(match[1]!, { email: match[2]!, password: match[3]! })
  }
  const conferenceId = /Conference: .*\(([a-z0-9]+)\)/.exec(text)?.[1]
  return { accounts, conferenceId }
}

/**
 * Spawns `server/src/main.ts` on port 0 with an empty data directory and the demo seed, and
 * resolves once the demo is seeded (the hint on stderr comes after the negotiation is seeded).
 */
export async function startDemoServer(): Promise<DemoServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'accord-e2e-'))
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ACCORD_'))),
      PORT: '0',
      HOST: '127.0.0.1',
      ACCORD_DATA_DIR: dataDir,
      ACCORD_DEMO: 'true',
      ACCORD_WEB_DIR: WEB_DIR,
      LOG_LEVEL: 'info',
      INIT_CWD: serverDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
  })
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not start:\n${out}\n${err}`)),
      30_000,
    )
    child.once('exit', (code) => reject(new Error(`server exited (${code}):\n${out}\n${err}`)))
    const check = () => {
      const listening =
        /"port":(\d+)[^\n]*"msg":"listening"|"msg":"listening"[^\n]*"port":(\d+)/.exec(out)
      if (listening && err.includes('created a demo conference')) {
        clearTimeout(timer)
        resolve(Number(listening[1] ?? listening[2]))
      }
    }
    child.stdout!.on('data', check)
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      err += chunk
      check()
    })
  })
  const { accounts, conferenceId } = parseCredentials(
    readFileSync(join(dataDir, 'demo-credentials.txt'), 'utf8'),
  )
  const url = `http://127.0.0.1:${port}`
  const declarations = (await (
    await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...accounts.get('secretariat'), mode: 'bearer' }),
    }).then(async (r) => {
      const { token } = (await r.json()) as { token: string }
      return fetch(`${url}/api/conferences/${conferenceId}/declarations`, {
        headers: { authorization: `Bearer ${token}` },
      })
    })
  ).json()) as { id: string }[]
  return {
    url,
    conferenceId: conferenceId!,
    declarationId: declarations[0]!.id,
    account(label) {
      const found = accounts.get(label)
      if (!found) throw new Error(`no demo account "${label}"`)
      return found
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
