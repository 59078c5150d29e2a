import { ExternalStore } from './ExternalStore'

/** A message for the user; `key` and `values` are translated where it is shown. */
export interface Notice {
  readonly id: number
  readonly tone: 'info' | 'error'
  readonly key: string
  readonly values?: Record<string, string | number>
}

let sequence = 0

/** Messages shown in the page's live region until dismissed. */
export const notices = new ExternalStore<readonly Notice[]>([])

/** Shows a message; returns its id. */
export function notify(
  tone: Notice['tone'],
  key: string,
  values?: Record<string, string | number>,
): number {
  // The same message twice in a row says nothing new (a restore is seen as edit, then undo).
  const same = notices
    .get()
    .find((n) => n.key === key && JSON.stringify(n.values) === JSON.stringify(values))
  if (same) return same.id
  const id = ++sequence
  notices.set([...notices.get().slice(-4), { id, tone, key, ...(values ? { values } : {}) }])
  return id
}

/** Removes a message. */
export function dismiss(id: number): void {
  notices.set(notices.get().filter((notice) => notice.id !== id))
}
