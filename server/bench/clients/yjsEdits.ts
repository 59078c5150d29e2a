import type * as Y from 'yjs'
import type { RemoteEditListener } from './BenchClient.js'

/** The value each edit writes into the shared map. */
interface EditValue {
  readonly id: number
  readonly t: number
}

const MAP_NAME = 'bench'

function isEditValue(value: unknown): value is EditValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    'id' in value &&
    't' in value &&
    typeof value.id === 'number' &&
    typeof value.t === 'number'
  )
}

/**
 * The edit every Yjs client makes: a Y.Map set of `{ id, t }`. A map set, unlike a text insert,
 * lets workload A overwrite one key per client, so the document stays the same size however
 * long the run; a growing document would make later phases measure Yjs, not the relay.
 */
export function writeEdit(doc: Y.Doc, key: string, id: number, madeAt: number): void {
  doc.getMap<EditValue>(MAP_NAME).set(key, { id, t: madeAt })
}

/** Reports every edit that reaches `doc` from elsewhere (not the doc's own edits). */
export function observeRemoteEdits(doc: Y.Doc, listener: RemoteEditListener): void {
  const map = doc.getMap<EditValue>(MAP_NAME)
  map.observe((event) => {
    if (event.transaction.local) return
    for (const key of event.keysChanged) {
      const value: unknown = map.get(key)
      if (isEditValue(value)) listener(value.id, value.t)
    }
  })
}
