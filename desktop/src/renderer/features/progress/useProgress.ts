import { useEffect, useMemo } from 'react'
import { api, declarationPath } from '../../api/apiClient'
import { useQuery } from '../../app/useQuery'
import type { DeclarationConnection } from '../../connection/DeclarationConnection'
import { useMirrorMap } from '../revisions/useOutcomeDeclaration'
import {
  buildProgress,
  type DayProgress,
  type HistoryEntry,
  type ProgressPoint,
  progressByDay,
} from './progressModel'

/** What `GET …/history` answers (server/src/routes/history/schema.ts), as far as progress reads it. */
interface History {
  readonly entries: readonly HistoryEntry[]
  readonly verification: { readonly ok: true } | { readonly ok: false; readonly message: string }
}

const NEGOTIATED = new Set(['preambular', 'operative', 'annex'])

/** Consensus over time, as {@link useProgress} reads it. */
export interface Progress {
  /** False until the history and the paragraphs have been read. */
  readonly loaded: boolean
  readonly error: unknown
  /** The negotiated paragraphs in the text now. */
  readonly total: number
  /** Where agreement stood after each change of status, oldest first. */
  readonly points: readonly ProgressPoint[]
  /** Where it stood at the end of each day, in this person's time zone, up to today. */
  readonly days: readonly DayProgress[]
  readonly verification: History['verification'] | undefined
}

/**
 * Reads the agreed-text history and the paragraphs (only once `readable`: nothing refused is
 * asked) and replays them, per change and per day. A change of status in the live mirror
 * reads them again. Days are those of the time zone the person's dates are shown in.
 */
export function useProgress(
  conferenceId: string,
  declarationId: string,
  readable: boolean,
  connection: DeclarationConnection | null,
): Progress {
  const path = declarationPath(conferenceId, declarationId)
  const statuses = useMirrorMap<unknown>(connection, 'statuses')
  const data = useQuery(`${path}/progress/${readable}`, async () => {
    if (!readable) return null
    const [history, paragraphs] = await Promise.all([
      api<History>('GET', `${path}/history`),
      api<{ kind: string }[]>('GET', `${path}/paragraphs`),
    ])
    return { history, total: paragraphs.filter((p) => NEGOTIATED.has(p.kind)).length }
  })
  const { reload } = data
  useEffect(() => {
    if (statuses.size > 0) reload()
  }, [statuses, reload])
  return useMemo(() => {
    const read = data.data
    const total = read?.total ?? 0
    const points = read ? buildProgress(read.history.entries, total) : []
    const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone
    return {
      loaded: Boolean(read),
      error: data.error,
      total,
      points,
      days: progressByDay(points, timeZone, Date.now()),
      verification: read?.history.verification,
    }
  }, [data.data, data.error])
}
