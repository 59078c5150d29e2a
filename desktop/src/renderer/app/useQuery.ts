import { useCallback, useEffect, useState } from 'react'

/** The state of a REST read. */
export interface Query<T> {
  readonly data: T | undefined
  readonly error: unknown
  readonly loading: boolean
  /** Reads again (after a command changed what it reads). */
  reload(): void
}

/** Runs `load` when `key` changes; the answer of a superseded run is dropped. */
export function useQuery<T>(key: string, load: () => Promise<T>): Query<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  })
  const [generation, setGeneration] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names what `load` reads.
  useEffect(() => {
    let live = true
    setState((previous) => ({ ...previous, loading: true }))
    load().then(
      (data) =>
        live &&
        setState((previous) => ({
          // An answer equal to the last one keeps its identity, so a periodic re-read does not
          // re-render (or re-create) everything that depends on it.
          data:
            previous.data !== undefined && JSON.stringify(previous.data) === JSON.stringify(data)
              ? previous.data
              : data,
          error: null,
          loading: false,
        })),
      (error: unknown) => live && setState((previous) => ({ ...previous, error, loading: false })),
    )
    return () => {
      live = false
    }
  }, [key, generation])
  const reload = useCallback(() => setGeneration((g) => g + 1), [])
  return { ...state, reload }
}
