import type { BenchResults, ServerResults } from './results.js'

/** The peers the goals compare with: the other Yjs servers (raw ws is the physical limit). */
const PEERS = ['y-websocket-server', 'hocuspocus'] as const

const MiB = 1024 * 1024

function fixed(value: number, digits = 1): string {
  return value.toFixed(digits)
}

function verdict(met: boolean): string {
  return met ? '**Met**' : '**Missed**'
}

/**
 * One sentence per goal of issue #8, met or missed, from this run's figures. The goals are
 * ratios within one run, since the machine is shared and noisy. "Rules on" is the Accord column
 * on demo-size drafts (real sessions, canonical names, the draft rules on every update).
 */
export function goalSentences(results: BenchResults): string[] {
  const byName = new Map(results.servers.map((s) => [s.name, s]))
  const a = (name: string) => {
    const outcome = byName.get(name as ServerResults['name'])?.fanout
    return outcome?.ok ? outcome.result : undefined
  }
  const b = (name: string) => {
    const outcome = byName.get(name as ServerResults['name'])?.manyDocuments
    return outcome?.ok ? outcome.result : undefined
  }
  const lines: string[] = []
  const rulesA = a('accord-draft')
  const largeA = a('accord-draft-200')
  const peersA = PEERS.map((name) => ({ name, result: a(name) })).filter((p) => p.result)
  if (rulesA && peersA.length > 0) {
    const best = peersA.reduce((x, y) =>
      x.result!.paced.latency.p99 <= y.result!.paced.latency.p99 ? x : y,
    )
    const theirs = best.result!.paced.latency.p99
    const ours = rulesA.paced.latency.p99
    lines.push(
      `Paced latency (A, ${rulesA.paced.offeredRate} edits/s, p99 at most the best peer's): ${verdict(ours <= theirs)}. ` +
        `Rules on, ${fixed(ours)} ms against ${best.name}'s ${fixed(theirs)} ms (×${fixed(ours / theirs, 2)})` +
        (largeA
          ? `; on 200-paragraph drafts ${fixed(largeA.paced.latency.p99)} ms (×${fixed(largeA.paced.latency.p99 / theirs, 2)}).`
          : '.'),
    )
  } else lines.push('Paced latency: not measured in this run.')
  const hocus = a('hocuspocus')
  if (rulesA && hocus) {
    const perThousand = (r: NonNullable<ReturnType<typeof a>>) =>
      (r.saturated.use.serverCpuCores / r.saturated.editsPerSecond) * 1_000_000
    const ours = perThousand(rulesA)
    const theirs = perThousand(hocus)
    lines.push(
      `Server CPU per 1,000 edits when saturated (at most Hocuspocus's, rules on): ${verdict(ours <= theirs)}. ` +
        `${Math.round(ours)} ms against ${Math.round(theirs)} ms (×${fixed(ours / theirs, 2)})` +
        (largeA ? `; ${Math.round(perThousand(largeA))} ms on 200-paragraph drafts.` : '.'),
    )
  } else lines.push('Server CPU per 1,000 edits: not measured in this run.')
  const rulesB = b('accord-draft')
  const mechanicsB = b('accord')
  const peersB = PEERS.map((name) => ({ name, result: b(name) })).filter((p) => p.result)
  if ((rulesB || mechanicsB) && peersB.length > 0) {
    const best = peersB.reduce((x, y) => (x.result!.rss.idle <= y.result!.rss.idle ? x : y))
    const theirs = best.result!.rss.idle
    const parts: string[] = []
    let met = true
    for (const [label, r] of [
      ['relay alone', mechanicsB],
      ['real path', rulesB],
    ] as const) {
      if (!r) continue
      met &&= r.rss.idle <= 1.2 * theirs
      parts.push(`${label} ${Math.round(r.rss.idle / MiB)} MiB (×${fixed(r.rss.idle / theirs, 2)})`)
    }
    lines.push(
      `Idle RSS (within 1.2× the best peer's): ${verdict(met)}. ${parts.join(', ')}, against ${best.name}'s ${Math.round(theirs / MiB)} MiB. ` +
        'The real path seeds its drafts in the server process before it reports ready, so its idle RSS includes what seeding left behind.',
    )
  }
  const memory = rulesB ?? mechanicsB
  if (memory && memory.heap.idle !== null && memory.heap.connected !== null) {
    const perDocument = (memory.heap.connected - memory.heap.idle) / memory.documents
    const clientsEach = memory.clients / memory.documents
    const budget = 100 * 1024 + clientsEach * 20 * 1024
    lines.push(
      `Memory per idle loaded document (≤ 100 kB) and per idle connection (≤ 20 kB): not measured apart. ` +
        `The live heap grew by ${fixed(perDocument / 1024)} kB per loaded document with its ${clientsEach} connections ` +
        `(${rulesB ? 'the real path' : 'the relay alone'}), against a combined budget of ${Math.round(budget / 1024)} kB: ` +
        `${perDocument <= budget ? 'within it' : 'over it'}.`,
    )
  }
  if (rulesB && peersB.length > 0) {
    const best = peersB.reduce((x, y) => (x.result!.latency.p99 <= y.result!.latency.p99 ? x : y))
    const theirs = best.result!.latency.p99
    const met = rulesB.droppedDeliveries === 0 && rulesB.latency.p99 <= 1.2 * theirs
    const large = b('accord-draft-200')
    lines.push(
      `Many documents (B: 0 dropped, p99 within 1.2× the best peer's): ${verdict(met)}. ` +
        `Rules on, ${rulesB.droppedDeliveries} of ${rulesB.expectedDeliveries} dropped and p99 ${fixed(rulesB.latency.p99)} ms ` +
        `against ${best.name}'s ${fixed(theirs)} ms (×${fixed(rulesB.latency.p99 / theirs, 2)})` +
        (mechanicsB
          ? `; the relay alone ${mechanicsB.droppedDeliveries} dropped, p99 ${fixed(mechanicsB.latency.p99)} ms`
          : '') +
        (large
          ? `; 200-paragraph drafts ${large.droppedDeliveries} dropped, p99 ${fixed(large.latency.p99)} ms.`
          : '.'),
    )
  } else lines.push('Many documents on the real path: not measured in this run.')
  return lines
}
