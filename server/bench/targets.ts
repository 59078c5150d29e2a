import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ServerName } from './options.js'

/** How the bench's clients talk to a server. */
export type ClientProtocol = 'y-websocket' | 'accord-draft' | 'hocuspocus' | 'raw'

/** One server under test. */
export interface Target {
  readonly name: ServerName
  /** Name and version, as printed in the table. */
  readonly label: string
  /** The child-process script that starts it. */
  readonly script: string
  readonly protocol: ClientProtocol
  /** Path before the document name in a client's URL. */
  readonly pathPrefix: string
  /** Non-default settings the bench runs it with, for the report. */
  readonly settings: Readonly<Record<string, string>>
  /** The environment of a fresh child, and what to remove once the child has stopped. */
  prepare(): { env: Record<string, string>; cleanup(): void }
  /** How long it may take to start (seeding drafts takes a while); 30 s by default. */
  readonly startTimeoutMs?: number
}

const GiB = 1024 * 1024 * 1024

/**
 * Accord's settings in the bench. The per-connection rate limits are raised far above any rate
 * the bench reaches, so that the figures measure the relay and not its throttle; everything
 * else (SQLite with synchronous=NORMAL, compaction every 500 updates, one decode worker, the
 * 16 MiB slow-consumer limit) stays at its default. Logs at warn, so that only trouble shows.
 */
export const ACCORD_BENCH_ENV: Readonly<Record<string, string>> = {
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  ACCORD_MESSAGES_PER_SECOND: '1000000',
  ACCORD_MESSAGE_BURST: '1000000',
  ACCORD_BYTES_PER_SECOND: String(GiB),
  ACCORD_BYTE_BURST: String(GiB),
}

const serverDir = fileURLToPath(new URL('..', import.meta.url))
const script = (file: string) => join(serverDir, 'bench', 'servers', file)

function versionOf(pkg: string): string {
  const manifest: unknown = JSON.parse(
    readFileSync(join(serverDir, 'node_modules', pkg, 'package.json'), 'utf8'),
  )
  const version =
    typeof manifest === 'object' && manifest !== null && 'version' in manifest
      ? manifest.version
      : undefined
  return typeof version === 'string' ? version : '?'
}

const noTempFiles = () => ({ env: {}, cleanup: () => {} })

/** A fresh data directory per child for Accord, with the bench's settings and `env`. */
function accordData(env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'accord-bench-'))
  return {
    env: { ...ACCORD_BENCH_ENV, ACCORD_DATA_DIR: dir, ...env },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/**
 * Accord on the real path: the demo conference seeded, every client connected with the
 * secretariat's real session to a canonical draft name, the real access hook and the draft
 * rules on, and every edit a text edit in a paragraph of the draft.
 */
function accordDraft(
  name: 'accord-draft' | 'accord-draft-200',
  paragraphs: 'demo' | '200',
): Target {
  const size = paragraphs === 'demo' ? 'the demo draft (22 paragraphs)' : '200 paragraphs'
  return {
    name,
    label: paragraphs === 'demo' ? 'Accord, drafts, rules on' : 'Accord, 200-paragraph drafts',
    script: script('accordDraft.ts'),
    protocol: 'accord-draft',
    pathPrefix: '/sync',
    settings: {
      ...ACCORD_BENCH_ENV,
      documents: `declaration drafts of ${size}, canonical names`,
      session: "the secretariat's, through the real access hook",
      rules: 'the draft rules (attribution, locks, mirrors) on every update',
    },
    startTimeoutMs: 180_000,
    prepare: () => accordData({ ACCORD_BENCH_DRAFT_SIZE: paragraphs }),
  }
}

/** Every server the bench knows, by name. */
export const TARGETS: Readonly<Record<ServerName, Target>> = {
  accord: {
    name: 'accord',
    label: 'Accord',
    script: script('accord.ts'),
    protocol: 'y-websocket',
    pathPrefix: '/sync',
    settings: ACCORD_BENCH_ENV,
    prepare: () => accordData(),
  },
  'accord-draft': accordDraft('accord-draft', 'demo'),
  'accord-draft-200': accordDraft('accord-draft-200', '200'),
  'y-websocket-server': {
    name: 'y-websocket-server',
    label: `@y/websocket-server ${versionOf('@y/websocket-server')}`,
    script: script('yWebsocketServer.ts'),
    protocol: 'y-websocket',
    pathPrefix: '',
    settings: { persistence: 'none (in memory)' },
    prepare: noTempFiles,
  },
  hocuspocus: {
    name: 'hocuspocus',
    label: `@hocuspocus/server ${versionOf('@hocuspocus/server')}`,
    script: script('hocuspocus.ts'),
    protocol: 'hocuspocus',
    pathPrefix: '',
    settings: { extensions: 'none (in memory)' },
    prepare: noTempFiles,
  },
  'raw-ws': {
    name: 'raw-ws',
    label: `raw ws ${versionOf('ws')} broadcast`,
    script: script('rawWs.ts'),
    protocol: 'raw',
    pathPrefix: '',
    settings: { relay: 'same bytes to every other socket on the path' },
    prepare: noTempFiles,
  },
}

/** The package versions of the clients, for the report. */
export function clientVersions(): Record<string, string> {
  return {
    'y-websocket': versionOf('y-websocket'),
    '@hocuspocus/provider': versionOf('@hocuspocus/provider'),
    yjs: versionOf('yjs'),
    ws: versionOf('ws'),
  }
}
