import { describe, expect, it } from 'vitest'
import { backoffDelay, combineStatuses, type DocumentStatus } from './DocumentStatus'

describe('backoffDelay', () => {
  it('grows exponentially, with equal jitter: between half and all of the ceiling', () => {
    for (const [attempt, ceiling] of [
      [0, 500],
      [1, 1_000],
      [3, 4_000],
      [6, 30_000],
      [40, 30_000],
    ] as const) {
      expect(backoffDelay(attempt, { random: () => 0 })).toBe(ceiling / 2)
      expect(backoffDelay(attempt, { random: () => 0.999_999 })).toBe(ceiling)
    }
  })

  it('spreads clients that lost the network together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4)))
    expect(delays.size).toBeGreaterThan(10)
  })
})

describe('combineStatuses', () => {
  const synced: DocumentStatus = { state: 'synced' }
  it.each<[DocumentStatus[], string]>([
    [[synced, synced, synced], 'online'],
    [[synced, { state: 'syncing' }], 'syncing'],
    [[synced, { state: 'connecting' }], 'syncing'],
    [[synced, { state: 'offline' }, { state: 'reconnecting', retryAt: 5 }], 'offline'],
    [[{ state: 'reconnecting', retryAt: 9 }, synced], 'reconnecting'],
    [[{ state: 'offline' }, { state: 'stopped', code: 4403, reason: '' }], 'stopped'],
  ])('%j → %s', (statuses, expected) => {
    expect(combineStatuses(statuses).state).toBe(expected)
  })

  it('reports the earliest retry of the documents that wait', () => {
    expect(
      combineStatuses([
        { state: 'reconnecting', retryAt: 2_000 },
        { state: 'reconnecting', retryAt: 1_000 },
      ]),
    ).toEqual({ state: 'reconnecting', retryAt: 1_000 })
  })
})
