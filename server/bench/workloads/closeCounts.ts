import type { BenchClient } from '../clients/BenchClient.js'

/** Unexpected closes of all `clients`, summed by close code. */
export function closeCounts(clients: readonly BenchClient[]): Record<string, number> {
  const total: Record<string, number> = {}
  for (const client of clients) {
    for (const [code, count] of client.unexpectedCloses) total[code] = (total[code] ?? 0) + count
  }
  return total
}
