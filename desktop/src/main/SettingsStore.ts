import { readFile } from 'node:fs/promises'
import { parseServerUrl } from './serverUrl.js'
import { writeFileAtomically } from './writeFileAtomically.js'

/**
 * The desktop's settings file (today only the server URL). What is read back is validated like
 * what comes over IPC: a hand-edited or damaged file yields no setting, never a bad one.
 */
export class SettingsStore {
  constructor(private readonly file: string) {}

  async serverUrl(): Promise<string | null> {
    let json: unknown
    try {
      json = JSON.parse(await readFile(this.file, 'utf8'))
    } catch {
      return null
    }
    if (typeof json !== 'object' || json === null || !('serverUrl' in json)) return null
    try {
      return parseServerUrl(json.serverUrl)
    } catch {
      return null
    }
  }

  /** Stores an already validated URL. */
  async setServerUrl(url: string): Promise<void> {
    await writeFileAtomically(this.file, `${JSON.stringify({ serverUrl: parseServerUrl(url) })}\n`)
  }
}
