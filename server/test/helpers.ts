import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import WebSocket from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { type Config, loadConfig } from '../src/config.js'
import { type RunningServer, type StartOptions, startServer } from '../src/server.js'
import type { RelayLimits } from '../src/sync/RelayLimits.js'

/** A fresh data directory, removed by `cleanup`. */
export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'accord-test-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A test configuration: port 0, a given data directory, and limit overrides. */
export function testConfig(dataDir: string, limits: Partial<RelayLimits> = {}, port = 0): Config {
  const base = loadConfig({ PORT: String(port), ACCORD_DATA_DIR: dataDir, LOG_LEVEL: 'silent' })
  return { ...base, limits: { ...base.limits, ...limits } }
}

/** Starts a real server on port 0 with real SQLite in `dataDir`. */
export function startTestServer(
  dataDir: string,
  options: { limits?: Partial<RelayLimits>; port?: number } & Partial<
    Omit<StartOptions, 'config' | 'log'>
  > = {},
): Promise<RunningServer> {
  const { limits, port, authorize, ...rest } = options
  // Relay-mechanics tests run without accounts: everyone writes unless a test says otherwise.
  // Tests of the access policy start servers with `startPolicyServer`, which keeps the real hook.
  return startServer({
    config: testConfig(dataDir, limits, port),
    log: pino({ level: 'silent' }),
    authorize: authorize ?? (() => 'write'),
    ...rest,
  })
}

/** Starts a real server whose relay obeys the real access policy (sessions, memberships, stages). */
export function startPolicyServer(
  dataDir: string,
  limits: Partial<RelayLimits> = {},
): Promise<RunningServer> {
  return startServer({ config: testConfig(dataDir, limits), log: pino({ level: 'silent' }) })
}

/** The WebSocket base URL of a server. */
export function wsBase(server: { port: number }): string {
  return `ws://127.0.0.1:${server.port}/sync`
}

/** A stock y-websocket client with its own Y.Doc. BroadcastChannel is off, so only the server syncs it. */
export interface TestClient {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  destroy(): void
}

/** Connects an unmodified WebsocketProvider (Node, `ws`) to a document. */
export function connectClient(
  base: string,
  documentName: string,
  options: { doc?: Y.Doc; params?: Record<string, string>; connect?: boolean } = {},
): TestClient {
  const doc = options.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(base, documentName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: options.params ?? {},
    connect: options.connect ?? true,
    maxBackoffTime: 300,
  })
  return {
    doc,
    provider,
    destroy() {
      provider.destroy()
      doc.destroy()
    },
  }
}

/** Resolves once `predicate` holds, polling; fails with `message` after `timeoutMs`. */
export async function waitFor(
  predicate: () => boolean,
  message: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** Resolves once the client has completed its first sync with the server. */
export function synced(client: TestClient, timeoutMs = 10_000): Promise<void> {
  return waitFor(() => client.provider.synced, 'provider synced', timeoutMs)
}

/** A JSON-comparable view of a document's shared types used by the tests. */
export function snapshotOf(doc: Y.Doc): unknown {
  return {
    text: doc.getText('text').toString(),
    xml: doc.getXmlFragment('xml').toString(),
    map: doc.getMap('map').toJSON(),
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A bare operative paragraph as a plain Yjs client writes it: pid, kind and label, no seal. */
export function operativeParagraph(pid: string, text: string): Y.XmlElement {
  const element = new Y.XmlElement('paragraph')
  element.setAttribute('pid', pid)
  element.setAttribute('kind', 'operative')
  element.setAttribute('label', pid.toUpperCase())
  element.insert(0, [new Y.XmlText(text)])
  return element
}
