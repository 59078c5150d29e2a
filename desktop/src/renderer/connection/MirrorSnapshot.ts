import type * as Y from 'yjs'
import type {
  Comment,
  ConsensusState,
  PositionEntry,
  RepairNotice,
  StatusEntry,
} from '../api/types'

/**
 * What the server-written mirror documents say, read into plain values: positions, statuses and
 * consensus per paragraph, and the comments this user may see (the shared ones, and the
 * internal ones of their own delegation, which only its own document holds).
 */
export interface MirrorSnapshot {
  /** Keyed by paragraph id, then delegation code. */
  readonly positions: ReadonlyMap<string, ReadonlyMap<string, PositionEntry>>
  readonly statuses: ReadonlyMap<string, StatusEntry>
  readonly consensus: ReadonlyMap<string, ConsensusState>
  /** Every visible comment, oldest first. */
  readonly comments: readonly Comment[]
  /** The server's notices about this user's repaired edits (delegation mirror or secretariat workspace). */
  readonly notices: readonly RepairNotice[]
}

export const EMPTY_MIRROR: MirrorSnapshot = {
  positions: new Map(),
  statuses: new Map(),
  consensus: new Map(),
  comments: [],
  notices: [],
}

function values<T>(map: Y.Map<unknown>): T[] {
  return [...map.values()] as T[]
}

/** Reads the mirrors. Entries are JSON the server wrote; nothing here writes back. */
export function readMirrors(
  shared: Y.Doc,
  delegation: Y.Doc | null,
  workspace: Y.Doc | null = null,
): MirrorSnapshot {
  const positions = new Map<string, Map<string, PositionEntry>>()
  for (const entry of values<PositionEntry>(shared.getMap('positions'))) {
    let forParagraph = positions.get(entry.paragraphId)
    if (!forParagraph) {
      forParagraph = new Map()
      positions.set(entry.paragraphId, forParagraph)
    }
    forParagraph.set(entry.delegation, entry)
  }
  const statuses = new Map(shared.getMap('statuses').entries() as Iterable<[string, StatusEntry]>)
  const consensus = new Map(
    shared.getMap('consensus').entries() as Iterable<[string, ConsensusState]>,
  )
  const comments = [
    ...values<Comment>(shared.getMap('comments')),
    ...(delegation ? values<Comment>(delegation.getMap('comments')) : []),
  ].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
  const notices = [
    ...(delegation ? values<RepairNotice>(delegation.getMap('notices')) : []),
    ...(workspace ? values<RepairNotice>(workspace.getMap('notices')) : []),
  ].sort((a, b) => a.at - b.at)
  return { positions, statuses, consensus, comments, notices }
}
