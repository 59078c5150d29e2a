import { useSyncExternalStore } from 'react'
import type { ExternalStore } from './ExternalStore'

/** Reads an {@link ExternalStore} and re-renders when it changes. */
export function useStore<T>(store: ExternalStore<T>): T {
  return useSyncExternalStore(store.subscribe, store.get, store.get)
}
