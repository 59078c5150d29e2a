import { type ProposalAttributes, proposalOf, unsealIdentity } from '@accord/editor'
import * as Y from 'yjs'
import type { CharRun, DraftChange, RemovedBlock, TouchedText } from './draftChanges.js'
import type { IndexedProposal } from './proposalIndex.js'

/** One change the server makes to put back what the sender was not allowed to change. */
export type RepairOp =
  | { kind: 'insert'; at: Y.RelativePosition; str: string; attributes: Record<string, unknown> }
  | { kind: 'format'; at: Y.RelativePosition; length: number; attributes: Record<string, unknown> }
  | { kind: 'delete'; at: Y.RelativePosition; length: number }
  | {
      kind: 'block'
      at: Y.RelativePosition
      nodeName: string
      attributes: Record<string, unknown>
      /** One delta per text child. */
      texts: { insert: string; attributes: Record<string, unknown> }[][]
    }

/** Why part of an update was repaired, for the sender's notice and the audit log. */
export interface RepairReason {
  readonly code:
    | 'restoredProposal'
    | 'removedFromBracket'
    | 'becameProposal'
    | 'leftOutOfProposal'
    | 'agreedRestored'
  /** The paragraph, by its block's claimed id ('' when it has none). */
  readonly paragraphId: string
  /** The proposal restored (another's) or created (the sender's own). */
  readonly proposalId: string
  /** Its delegation. */
  readonly delegation: string
  /** The words concerned. */
  readonly text: string
}

/** The verdict on one update. */
export type Verdict =
  | { readonly kind: 'accept' }
  | { readonly kind: 'forged'; readonly reason: string; readonly detail: Record<string, unknown> }
  | { readonly kind: 'repair'; readonly ops: RepairOp[]; readonly reasons: RepairReason[] }

/** The context of a judgement. */
export interface Judgement {
  /** The sender's delegation; null for the secretariat, which holds the pen. */
  readonly own: string | null
  readonly before: ReadonlyMap<string, IndexedProposal>
  readonly after: ReadonlyMap<string, IndexedProposal>
  readonly change: DraftChange
  /** A fresh proposal id for the sender's delegation. */
  readonly newProposalId: () => string
  /** The paragraph id of a block. */
  readonly paragraphOf: (block: Y.XmlElement | null) => string
  /** Who owns a proposal id that is no longer in the draft (decided, withdrawn), if anyone. */
  readonly formerOwner?: (proposalId: string) => string | undefined
}

function isSubsequence(small: string, big: string): boolean {
  let at = 0
  for (const ch of small) {
    at = big.indexOf(ch, at)
    if (at < 0) return false
    at += ch.length
  }
  return true
}

function sameHead(a: ProposalAttributes, b: IndexedProposal): boolean {
  return a.delegation === b.delegation && b.delegations.size === 1
}

function anchor(run: CharRun): Y.RelativePosition {
  return Y.createRelativePositionFromJSON({ item: { client: run.id.client, clock: run.id.clock } })
}

/** The formatting that turns `from` into `to` (nulls clear keys `to` lacks). */
function formatting(
  from: Readonly<Record<string, unknown>>,
  to: Readonly<Record<string, unknown>>,
) {
  const attributes: Record<string, unknown> = { ...to }
  for (const key of Object.keys(from)) if (!(key in to)) attributes[key] = null
  return attributes
}

/** The proposal before (for kept and deleted runs) or after (kept and inserted), if any. */
const was = (run: CharRun) => (run.presence === 'inserted' ? null : proposalOf(run.before))
const now = (run: CharRun) => (run.presence === 'deleted' ? null : proposalOf(run.after))

/**
 * The kept-or-deleted proposal a run of inserted text sits inside: the same proposal just before
 * and just after it in one text (only inserted runs between). Null when it is not inside one.
 */
function enclosing(runs: readonly CharRun[], index: number): ProposalAttributes | null {
  let left: ProposalAttributes | null = null
  for (let i = index - 1; i >= 0; i--) {
    if (runs[i]!.presence === 'inserted') continue
    left = was(runs[i]!)
    break
  }
  if (!left) return null
  for (let i = index + 1; i < runs.length; i++) {
    if (runs[i]!.presence === 'inserted') continue
    return was(runs[i]!)?.id === left.id ? left : null
  }
  return null
}

/**
 * Judges one update to a draft by its effect. Forgery (a final close) is writing what only
 * another party may write: a formatting key no editor writes, nesting past what is read, a mark
 * the sender wrote itself that gives another delegation words it did not have, or a proposal
 * id that belongs to another delegation. Everything else an honest client can trip over
 * (concurrent edits, offline work, a client without proposal mode) is accepted and repaired:
 * another delegation's bracket is put back, and a delegate's plain edit to clean text becomes
 * its delegation's proposal.
 */
export function judgeDraftChange(j: Judgement): Verdict {
  const { own, before, after, change } = j
  if (change.foreignKeys.length > 0)
    return {
      kind: 'forged',
      reason: 'formatting the editor does not write',
      detail: { keys: change.foreignKeys.slice(0, 10) },
    }
  if (change.tooDeep)
    return { kind: 'forged', reason: 'elements nested deeper than a paragraph holds', detail: {} }
  for (const written of change.writtenProposals) {
    const owner = before.get(written.id)?.delegation ?? j.formerOwner?.(written.id)
    if (owner !== undefined && owner !== written.delegation)
      return {
        kind: 'forged',
        reason: `proposal id ${written.id} belongs to ${owner}`,
        detail: { claimed: [owner], proposals: [written.id], delegation: own },
      }
  }
  // Marks the sender wrote itself that name another party and give it words it did not have.
  const claimed = new Set<string>()
  const claimedIds = new Set<string>()
  for (const { runs } of change.texts) {
    for (const run of runs) {
      const p = now(run)
      if (!p || !run.proposalWrittenHere || p.delegation === own) continue
      if (run.presence === 'kept' && was(run)?.id === p.id && was(run)?.delegation === p.delegation)
        continue
      const previous = before.get(p.id)
      // Words kept in the text under a marker the sender wrote for a bracket that was already
      // there, and its delegation's: Yjs writes such markers itself, restating after the
      // sender's own insert or format the bracket its copy held there. A concurrent edit can
      // make that restatement fall on words the bracket never had. They are put back below
      // (a kept run that gained a bracket), not taken as forgery.
      // The bracket may be gone for the moment (cut by another, not yet put back): its id still
      // has its owner.
      const owner = previous && sameHead(p, previous) ? previous.delegation : j.formerOwner?.(p.id)
      if (run.presence === 'kept' && owner === p.delegation) continue
      const current = after.get(p.id)
      const moved =
        previous !== undefined &&
        current !== undefined &&
        sameHead(p, previous) &&
        isSubsequence(current.text, previous.text)
      if (!moved) {
        claimed.add(p.delegation)
        claimedIds.add(p.id)
      }
    }
  }
  if (claimed.size > 0)
    return {
      kind: 'forged',
      reason:
        own === null
          ? 'the secretariat makes no proposals; it decides on them'
          : `proposals are made and changed only by their own delegation (yours: ${own})`,
      detail: { claimed: [...claimed].sort(), delegation: own, proposals: [...claimedIds] },
    }

  // Which other delegations' proposals this update changed. The secretariat may remove one
  // whole (it holds the pen), but not change what is left of it.
  const damaged = new Set<string>()
  for (const [id, previous] of before) {
    if (previous.delegation === own) continue
    const current = after.get(id)
    if (current?.print === previous.print) continue
    if (!current && own === null) continue
    damaged.add(id)
  }
  for (const [id, current] of after) {
    if (current.delegation !== own && !before.has(id)) damaged.add(id)
  }

  const ops: RepairOp[] = []
  const reasons: RepairReason[] = []
  const reason = (r: RepairReason) => {
    const last = reasons.at(-1)
    if (
      last &&
      last.code === r.code &&
      last.proposalId === r.proposalId &&
      last.paragraphId === r.paragraphId
    )
      reasons[reasons.length - 1] = { ...last, text: r.text + last.text }
    else reasons.push(r)
  }
  const cleanMoved = own !== null && movesCleanText(change)
  for (const touched of change.texts) {
    repairText(j, touched, damaged, cleanMoved, ops, reason)
  }
  for (const removed of change.removedBlocks) {
    repairRemovedBlock(j, removed, damaged, cleanMoved, ops, reason)
  }
  if (ops.length === 0) return { kind: 'accept' }
  return { kind: 'repair', ops, reasons }
}

/**
 * Whether the update only moves clean text: the clean words it deletes are the clean words it
 * inserts, in order. That is how the editor binding writes splitting and joining paragraphs
 * (which proposal mode leaves plain): the words are deleted from one block and written anew
 * into the other.
 */
function movesCleanText(change: DraftChange): boolean {
  let deleted = ''
  let inserted = ''
  for (const { runs } of change.texts) {
    for (const run of runs) {
      if (run.presence === 'deleted' && !was(run)) deleted += run.str
      else if (run.presence === 'inserted' && !now(run)) inserted += run.str
    }
  }
  return deleted !== '' && deleted === inserted
}

/**
 * A whole paragraph the update deleted: put back (with its identity) when it held another
 * delegation's bracket that is now damaged, or when a delegate deleted clean text (which comes
 * back as its deletion proposal). A paragraph whose words moved elsewhere (a join) stays gone.
 */
function repairRemovedBlock(
  j: Judgement,
  removed: RemovedBlock,
  damaged: ReadonlySet<string>,
  cleanMoved: boolean,
  ops: RepairOp[],
  reason: (r: RepairReason) => void,
): void {
  const { own } = j
  const byText = new Map(
    j.change.texts.filter((t) => t.block === removed.element).map((t) => [t.text, t]),
  )
  const sealed = unsealIdentity(removed.attributes.identity)
  const paragraphId =
    sealed?.pid ?? (typeof removed.attributes.pid === 'string' ? removed.attributes.pid : '')
  let needed = false
  let deleteId: string | null = null
  const texts: { insert: string; attributes: Record<string, unknown> }[][] = []
  const found: RepairReason[] = []
  for (const child of removed.texts) {
    const touched = byText.get(child)
    if (!touched) continue
    const delta: { insert: string; attributes: Record<string, unknown> }[] = []
    for (const run of touched.runs) {
      if (run.presence !== 'deleted') continue
      const before = was(run)
      if (before && before.delegation !== own) {
        if (!damaged.has(before.id)) continue
        needed = true
        delta.push({ insert: run.str, attributes: { ...run.before } })
        found.push({
          code: 'restoredProposal',
          paragraphId,
          proposalId: before.id,
          delegation: before.delegation,
          text: run.str,
        })
      } else if (!before) {
        if (own !== null && !cleanMoved) {
          needed = true
          deleteId ??= j.newProposalId()
          const proposal = { id: deleteId, delegation: own, action: 'delete', alternative: null }
          delta.push({ insert: run.str, attributes: { ...run.before, proposal } })
          found.push({
            code: 'becameProposal',
            paragraphId,
            proposalId: deleteId,
            delegation: own,
            text: run.str,
          })
        } else {
          delta.push({ insert: run.str, attributes: { ...run.before } })
        }
      }
    }
    texts.push(delta)
  }
  if (!needed) return
  ops.push({
    kind: 'block',
    at: Y.createRelativePositionFromJSON({
      item: { client: removed.id.client, clock: removed.id.clock },
    }),
    nodeName: removed.element.nodeName,
    attributes: removed.attributes,
    texts,
  })
  for (const r of found) reason(r)
}

function repairText(
  j: Judgement,
  touched: TouchedText,
  damaged: ReadonlySet<string>,
  cleanMoved: boolean,
  ops: RepairOp[],
  reason: (r: RepairReason) => void,
): void {
  const { own } = j
  const { runs, surviving } = touched
  const paragraphId = j.paragraphOf(touched.block)
  // One new proposal per stretch of a delegate's plain edit, so each reads as one bracket.
  let insertId: { id: string; end: number } | null = null
  let deleteId: { id: string; end: number } | null = null
  // Later runs first: an insert at a deleted run's place lands after the deleted runs, so going
  // backwards keeps restored text in its order.
  const local: RepairOp[] = []
  for (let i = runs.length - 1; i >= 0; i--) {
    const run = runs[i]!
    const before = was(run)
    const after = now(run)
    if (run.presence === 'deleted') {
      if (!surviving) continue
      if (before && before.delegation !== own && damaged.has(before.id)) {
        local.push({ kind: 'insert', at: anchor(run), str: run.str, attributes: { ...run.before } })
        reason({
          code: 'restoredProposal',
          paragraphId,
          proposalId: before.id,
          delegation: before.delegation,
          text: run.str,
        })
      } else if (!before && own !== null && !cleanMoved) {
        if (!deleteId || deleteId.end !== i + 1) deleteId = { id: j.newProposalId(), end: i }
        else deleteId.end = i
        const proposal = { id: deleteId.id, delegation: own, action: 'delete', alternative: null }
        local.push({
          kind: 'insert',
          at: anchor(run),
          str: run.str,
          attributes: { ...run.before, proposal },
        })
        reason({
          code: 'becameProposal',
          paragraphId,
          proposalId: deleteId.id,
          delegation: own,
          text: run.str,
        })
      }
      continue
    }
    if (run.presence === 'kept') {
      const lost =
        before && before.delegation !== own && damaged.has(before.id) && after?.id !== before.id
      // Yjs formatting is a sequence of markers, so concurrent formatting can leave words under a
      // mark that nobody put on them (a marker one side relied on was removed by the other):
      // words that now read as another delegation's, and were not, go back to what they were.
      const gained = after && after.delegation !== own && after.id !== before?.id
      if (lost || gained) {
        local.push({
          kind: 'format',
          at: anchor(run),
          length: run.str.length,
          attributes: formatting(run.after, run.before),
        })
        const whose = (lost ? before : after)!
        reason({
          code: 'restoredProposal',
          paragraphId,
          proposalId: whose.id,
          delegation: whose.delegation,
          text: run.str,
        })
        continue
      }
      // Words already in the text are never part of an insertion: a delegate's own insertion
      // bracket that now covers kept words it did not have (a marker moved by concurrency, or
      // one Yjs restated after the delegate's own words) is taken off them.
      if (
        own !== null &&
        after?.delegation === own &&
        after.action === 'insert' &&
        after.id !== before?.id
      ) {
        local.push({
          kind: 'format',
          at: anchor(run),
          length: run.str.length,
          attributes: formatting(run.after, run.before),
        })
        reason({
          code: 'leftOutOfProposal',
          paragraphId,
          proposalId: after.id,
          delegation: own,
          text: run.str,
        })
      }
      continue
    }
    // Inserted text.
    const inside = enclosing(runs, i)
    if (
      inside &&
      inside.delegation !== own &&
      (damaged.has(inside.id) || after?.id === inside.id)
    ) {
      local.push({ kind: 'delete', at: anchor(run), length: run.str.length })
      reason({
        code: 'removedFromBracket',
        paragraphId,
        proposalId: inside.id,
        delegation: inside.delegation,
        text: run.str,
      })
      continue
    }
    if (after && after.delegation !== own && !run.proposalWrittenHere) {
      // Concurrency gave the sender's new words another delegation's formatting: they are the
      // sender's own (a delegate's proposal, or the secretariat's clean text).
      const attributes = formatting(run.after, {})
      if (own !== null)
        attributes.proposal = {
          id: j.newProposalId(),
          delegation: own,
          action: 'insert',
          alternative: null,
        }
      local.push({ kind: 'format', at: anchor(run), length: run.str.length, attributes })
      reason({
        code: 'restoredProposal',
        paragraphId,
        proposalId: after.id,
        delegation: after.delegation,
        text: run.str,
      })
      continue
    }
    // The sender's words under its own bracket that were typed where the bracket was not
    // (another's marker, ordered in between by concurrency, carried the bracket over them) are
    // a plain edit, not a change to that bracket.
    const strayIntoOwn =
      after !== null &&
      after.delegation === own &&
      !run.proposalWrittenHere &&
      run.typedUnder !== undefined &&
      run.typedUnder?.id !== after.id &&
      inside?.id !== after.id
    if ((!after || strayIntoOwn) && own !== null && !cleanMoved) {
      const proposal =
        inside && inside.delegation === own
          ? inside
          : (() => {
              if (!insertId || insertId.end !== i + 1) insertId = { id: j.newProposalId(), end: i }
              else insertId.end = i
              return {
                id: insertId.id,
                delegation: own,
                action: 'insert' as const,
                alternative: null,
              }
            })()
      local.push({
        kind: 'format',
        at: anchor(run),
        length: run.str.length,
        attributes: { proposal },
      })
      reason({
        code: 'becameProposal',
        paragraphId,
        proposalId: proposal.id,
        delegation: own,
        text: run.str,
      })
    }
  }
  ops.push(...local)
}
