/** Where one document's connection stands. */
export type DocumentStatus =
  | { readonly state: 'connecting' }
  | { readonly state: 'syncing' }
  | { readonly state: 'synced' }
  | { readonly state: 'offline' }
  /** Lost; the next attempt is at `retryAt` (ms since the epoch). */
  | { readonly state: 'reconnecting'; readonly retryAt: number }
  /** Closed for good by the server (a final close code); `code` says why. */
  | { readonly state: 'stopped'; readonly code: number; readonly reason: string }

/** What the status bar shows for a declaration: the worst of its documents. */
export type ConnectionStatus =
  | { readonly state: 'online' }
  | { readonly state: 'syncing' }
  | { readonly state: 'offline' }
  | { readonly state: 'reconnecting'; readonly retryAt: number }
  | { readonly state: 'stopped'; readonly code: number; readonly reason: string }

/** Folds the statuses of a declaration's documents into the one the user sees. */
export function combineStatuses(statuses: readonly DocumentStatus[]): ConnectionStatus {
  const stopped = statuses.find((s) => s.state === 'stopped')
  if (stopped) return stopped
  if (statuses.some((s) => s.state === 'offline')) return { state: 'offline' }
  const waiting = statuses.filter((s) => s.state === 'reconnecting')
  if (waiting.length > 0) {
    return { state: 'reconnecting', retryAt: Math.min(...waiting.map((s) => s.retryAt)) }
  }
  if (statuses.every((s) => s.state === 'synced')) return { state: 'online' }
  return { state: 'syncing' }
}

/**
 * The delay before reconnect attempt `attempt` (0-based): exponential from `baseMs` up to
 * `maxMs`, with "equal jitter" (half fixed, half random) so that a hall full of clients that
 * lost the Wi-Fi together does not come back in one stampede.
 */
export function backoffDelay(
  attempt: number,
  { baseMs = 500, maxMs = 30_000, random = Math.random } = {},
): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 16))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}
