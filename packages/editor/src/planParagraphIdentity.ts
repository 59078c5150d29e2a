import type { Node as ProseMirrorNode } from '@tiptap/pm/model'
import type { Mapping } from '@tiptap/pm/transform'
import { sealIdentity, unsealIdentity } from './identitySeal.js'
import { isLabelOfKind, labelPrefix, nextLabel } from './labels.js'
import type { ParagraphIdGenerator } from './paragraphId.js'
import { DEFAULT_PARAGRAPH_KIND, isParagraphKind, type ParagraphKind } from './paragraphKinds.js'

/** New attributes for the top-level block at `pos`. */
export interface IdentityFix {
  pos: number
  pid: string
  kind: ParagraphKind
  label: string
  /** The seal of pid, kind and label (see `sealIdentity`). */
  identity: string
}

/** Where the document being repaired came from, when the change is known step by step. */
export interface IdentityOrigin {
  /** The document before the change. */
  before: ProseMirrorNode
  /** Maps positions of `before` into the document being repaired. */
  mapping: Mapping
  /**
   * Ids that `before` did not hold are stale copies (a paste, or a re-paste of a deleted
   * paragraph) and get new ids. False for changes that restore earlier content (undo).
   */
  renewUnknownIds: boolean
  /** Ids issued by the identity plugin itself in this change: known, never renewed again. */
  issued?: ReadonlySet<string>
}

interface Block {
  node: ProseMirrorNode
  pos: number
  pid: string | null
  kind: ParagraphKind
  label: string
}

/** Inputs of {@link planParagraphIdentity} besides the document. */
export interface IdentityPlanOptions {
  generateId: ParagraphIdGenerator
  /** How the document came to be, when the change is known step by step (local changes). */
  origin?: IdentityOrigin
  /**
   * The document comes from Yjs: where a block's pid, kind and label disagree with its sealed
   * identity, they are a merge of two clients' writes, and the seal is restored (see
   * `sealIdentity`). Local changes disagree with the seal on purpose and reseal instead.
   */
  restoreSealed?: boolean
}

/** Why a block needs a new id; a duplicate or a stale copy also needs a new label. */
type Renewal = 'missing' | 'copy'

function blocksOf(doc: ProseMirrorNode, restoreSealed: boolean): Block[] {
  const blocks: Block[] = []
  doc.forEach((node, pos) => {
    const sealed = restoreSealed ? unsealIdentity(node.attrs.identity) : null
    if (sealed) {
      blocks.push({ node, pos, ...sealed })
      return
    }
    const { pid, kind, label } = node.attrs
    blocks.push({
      node,
      pos,
      pid: typeof pid === 'string' && pid !== '' ? pid : null,
      kind: isParagraphKind(kind) ? kind : DEFAULT_PARAGRAPH_KIND,
      label: typeof label === 'string' ? label : '',
    })
  })
  return blocks
}

/** Content ranges of the blocks of `doc`, by pid (the first block of a pid wins). */
function rangesByPid(doc: ProseMirrorNode): Map<string, { from: number; to: number }> {
  const ranges = new Map<string, { from: number; to: number }>()
  doc.forEach((node, pos) => {
    const pid = node.attrs.pid
    if (typeof pid === 'string' && pid !== '' && !ranges.has(pid)) {
      ranges.set(pid, { from: pos + 1, to: pos + 1 + node.content.size })
    }
  })
  return ranges
}

/**
 * Whether `block` holds any character of the old range `from..to`: each position is mapped back
 * through the inverted change, and characters the change inserted (all of a pasted copy, none of
 * a split's second half) map nowhere.
 */
function holdsTextOf(block: Block, range: { from: number; to: number }, inverse: Mapping): boolean {
  const start = block.pos + 1
  const end = start + block.node.content.size
  for (let pos = start; pos < end; pos++) {
    const back = inverse.mapResult(pos, 1)
    if (!back.deletedAfter && back.pos >= range.from && back.pos < range.to) return true
  }
  return false
}

/**
 * Plans the repair that gives every top-level block of `doc` a unique id, a valid kind and a
 * label of its kind. Returns only the blocks that change. The rules:
 * - a block without an id gets a new one (it keeps a valid label nobody else carries);
 * - after a local change, a block whose id `origin.before` did not hold is a pasted copy and
 *   gets a new id and label;
 * - of blocks sharing an id, the first that still holds text of the original paragraph keeps
 *   it; if none does, the first. So Enter in the middle or at the end of OP7 leaves OP7 above
 *   and makes OP7bis below, Enter at its very start makes the empty block above the new one
 *   (OP6bis) and leaves OP7 with its text, and a pasted copy never takes the id from the
 *   original. Without an origin (changes from Yjs) the first block keeps it;
 * - every block given a new id because it copies another gets a new label from its position;
 * - a block that keeps its id but whose label does not fit its kind gets a new label of its kind;
 * - every block this repair changes, or whose seal is stale, is sealed: its `identity` attribute
 *   holds its pid, kind and label. Blocks that arrive unsealed and need nothing stay unsealed.
 */
export function planParagraphIdentity(
  doc: ProseMirrorNode,
  { generateId, origin, restoreSealed = false }: IdentityPlanOptions,
): IdentityFix[] {
  const blocks = blocksOf(doc, restoreSealed)
  const before = origin ? rangesByPid(origin.before) : new Map<string, never>()
  const renew = new Map<number, Renewal>()
  const byPid = new Map<string, number[]>()
  blocks.forEach((block, index) => {
    if (block.pid === null) renew.set(index, 'missing')
    else if (origin?.renewUnknownIds && !before.has(block.pid) && !origin.issued?.has(block.pid)) {
      renew.set(index, 'copy')
    } else {
      const group = byPid.get(block.pid)
      if (group) group.push(index)
      else byPid.set(block.pid, [index])
    }
  })

  let inverse: Mapping | undefined
  for (const [pid, group] of byPid) {
    if (group.length < 2) continue
    const range = before.get(pid)
    let keeper = group[0]!
    if (origin && range) {
      inverse ??= origin.mapping.invert()
      const back = inverse
      keeper = group.find((index) => holdsTextOf(blocks[index]!, range, back)) ?? keeper
    }
    for (const index of group) if (index !== keeper) renew.set(index, 'copy')
  }

  const used = new Set<string>([...before.keys(), ...byPid.keys()])
  const pids = blocks.map((block, index) => {
    if (!renew.has(index)) return block.pid!
    let pid = generateId()
    // A collision is astronomically unlikely with random ids, but an injected generator (tests,
    // a counter) may repeat itself; never hand out an id this document already knows.
    while (used.has(pid)) pid = generateId()
    used.add(pid)
    return pid
  })

  const labelCount = new Map<string, number>()
  for (const block of blocks) labelCount.set(block.label, (labelCount.get(block.label) ?? 0) + 1)
  const relabel = blocks.map(
    (block, index) =>
      !isLabelOfKind(block.label, block.kind) ||
      renew.get(index) === 'copy' ||
      (renew.get(index) === 'missing' && labelCount.get(block.label)! > 1),
  )
  const labels = blocks.map((block, index) => (relabel[index] ? '' : block.label))
  blocks.forEach((block, index) => {
    if (!relabel[index]) return
    const prefix = labelPrefix(block.kind)
    if (prefix === null) return
    const sameKind = blocks
      .map((other, otherIndex) => ({ other, otherIndex }))
      .filter(({ other, otherIndex }) => other.kind === block.kind && otherIndex !== index)
    const existing = sameKind.map(({ otherIndex }) => labels[otherIndex]!)
    const position = sameKind.filter(({ otherIndex }) => otherIndex < index).length
    labels[index] = nextLabel(prefix, existing, position)
  })

  const fixes: IdentityFix[] = []
  blocks.forEach((block, index) => {
    const pid = pids[index]!
    const label = labels[index]!
    const { attrs } = block.node
    const identity = sealIdentity({ pid, kind: block.kind, label })
    const changed = pid !== attrs.pid || label !== attrs.label || block.kind !== attrs.kind
    // An unsealed block that needs nothing else stays unsealed: sealing every block of a
    // document written elsewhere (the server's seed) would be an edit of each of them, including
    // agreed paragraphs, which the server restores as they were agreed.
    if (changed || (attrs.identity != null && identity !== attrs.identity)) {
      fixes.push({ pos: block.pos, pid, kind: block.kind, label, identity })
    }
  })
  return fixes
}

/** Whether `doc` needs {@link planParagraphIdentity}'s repair, without generating any id. */
export function needsParagraphIdentityRepair(doc: ProseMirrorNode): boolean {
  const seen = new Set<string>()
  let broken = false
  doc.forEach((node) => {
    const { pid, kind, label, identity } = node.attrs
    if (broken) return
    if (typeof pid !== 'string' || pid === '' || seen.has(pid)) broken = true
    else if (!isParagraphKind(kind) || typeof label !== 'string' || !isLabelOfKind(label, kind)) {
      broken = true
    } else if (identity != null && identity !== sealIdentity({ pid, kind, label })) broken = true
    if (typeof pid === 'string') seen.add(pid)
  })
  return broken
}
