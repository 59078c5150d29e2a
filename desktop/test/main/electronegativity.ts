import { createRequire } from 'node:module'

/** One finding as Electronegativity's programmatic API reports it. */
export interface Finding {
  readonly id: string
  readonly file: string
  readonly location: { readonly line: number; readonly column: number }
  readonly description: string
  readonly severity: { readonly name: string }
  readonly confidence: { readonly name: string }
  readonly manualReview: boolean
  readonly sample?: string
}

interface RunResult {
  readonly errors: readonly { file: string; message: string; tolerable: boolean }[]
  readonly issues: readonly Finding[]
}

type Run = (options: Record<string, unknown>) => Promise<RunResult>

const run = createRequire(import.meta.url)('@doyensec/electronegativity') as Run

/**
 * Runs Electronegativity over `input` (a folder, scanned as one app so its global checks can
 * relate files) and returns what it found. It never fails on findings by itself; the caller
 * decides. Files it could not parse are returned too: a file it cannot read is a file it did not
 * check.
 */
export async function scanWithElectronegativity(
  input: string,
): Promise<{ findings: Finding[]; unparsed: string[] }> {
  const result = await run({
    input,
    electronVersionOverride: '45.5.0',
    isRelative: true,
    // Needs the network (Electron's release list) and judges the dependency's age, not our code;
    // keeping Electron current is a dependency update, not a test.
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  })
  return {
    findings: [...result.issues],
    unparsed: result.errors
      .filter((error) => !error.tolerable)
      .map((e) => `${e.file}: ${e.message}`),
  }
}

/**
 * Checks that fail the build at any severity. Electronegativity rates an explicit
 * `nodeIntegration: true` (or a value it cannot read) as merely informational, and reports
 * nothing for `nodeIntegration: false`, so any finding of this check is a window with Node in it.
 */
const ALWAYS_BLOCKING = new Set(['NODE_INTEGRATION_JS_CHECK'])

/** Whether a finding fails the build: any high or medium one, whatever the confidence. */
export function isBlocking(finding: Finding): boolean {
  return (
    finding.severity.name === 'HIGH' ||
    finding.severity.name === 'MEDIUM' ||
    ALWAYS_BLOCKING.has(finding.id)
  )
}

/** A finding as one readable line. */
export function describeFinding(finding: Finding): string {
  const where = `${finding.file}:${finding.location.line}:${finding.location.column}`
  return `${finding.severity.name}/${finding.confidence.name} ${finding.id} at ${where}: ${finding.description}`
}
