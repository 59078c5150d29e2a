import {
  declarationBlocks,
  generateParagraphId,
  identityOf,
  isLabelOfKind,
  labelPrefix,
  nextLabel,
  type ParagraphIdGenerator,
  type ParagraphKind,
  sealIdentity,
} from '@accord/editor'
import type * as Y from 'yjs'

/** A block the server gives an identity: where it is, and the identity it gets. */
export interface IdentityGrant {
  /** Its index among the fragment's children. */
  index: number
  /** The id it claimed before ('' for none). */
  was: string
  pid: string
  kind: ParagraphKind
  label: string
}

/**
 * Plans identities for the top-level blocks that lack one, by the editor's rules
 * (`planParagraphIdentity` in packages/editor, which works on ProseMirror documents; this is its
 * Yjs-side counterpart for writers without an editor, such as a stock y-websocket client):
 * - a block with no id gets a new one; it keeps a valid label of its kind that no other block
 *   carries, and otherwise gets one from its position (`nextLabel`);
 * - a later block that claims an earlier block's id is a copy: a new id and a new label;
 * - a block that keeps its id but whose label does not fit its kind gets a label of its kind.
 * Blocks in `locked` (agreed paragraphs) are never changed: their lock restores them as agreed.
 */
export function planIdentities(
  doc: Y.Doc,
  locked: ReadonlySet<string>,
  generateId: ParagraphIdGenerator = generateParagraphId,
): IdentityGrant[] {
  const blocks = declarationBlocks(doc).map((block) => {
    // `identityOf` gives the claimed id as `id`; the block's own `id` ('' for a copy) is kept.
    const { kind, label } = identityOf(block.element)
    return { ...block, kind, label, rawKind: block.element.getAttribute('kind') }
  })
  const used = new Set(blocks.map((b) => b.claimed).filter((id) => id !== ''))
  const labelCount = new Map<string, number>()
  for (const b of blocks) labelCount.set(b.label, (labelCount.get(b.label) ?? 0) + 1)
  const labels = blocks.map((b) => b.label)
  const grants: IdentityGrant[] = []
  blocks.forEach((b, i) => {
    if (b.id !== '' && locked.has(b.id)) return
    const missing = b.claimed === ''
    const copy = !missing && b.id === ''
    // A copy of an agreed paragraph is a change to it, which its lock undoes (LockEnforcement).
    if (copy && locked.has(b.claimed)) return
    let pid = b.claimed
    if (missing || copy) {
      pid = generateId()
      while (used.has(pid)) pid = generateId()
      used.add(pid)
    }
    const relabel =
      !isLabelOfKind(b.label, b.kind) || copy || (missing && labelCount.get(b.label)! > 1)
    let label = b.label
    if (relabel) {
      const prefix = labelPrefix(b.kind)
      label = ''
      if (prefix !== null) {
        const sameKind = blocks
          .map((other, j) => ({ other, j }))
          .filter(({ other, j }) => other.kind === b.kind && j !== i)
        label = nextLabel(
          prefix,
          sameKind.map(({ j }) => labels[j]!),
          sameKind.filter(({ j }) => j < i).length,
        )
      }
      labels[i] = label
    }
    if (pid !== b.claimed || label !== b.label || b.rawKind !== b.kind) {
      grants.push({ index: b.index, was: b.claimed, pid, kind: b.kind, label })
    }
  })
  return grants
}

/** Writes planned identities into their blocks (pid, kind, label and the seal). */
export function grantIdentities(fragment: Y.XmlFragment, grants: readonly IdentityGrant[]): void {
  for (const grant of grants) {
    const element = fragment.get(grant.index) as Y.XmlElement
    const { pid, kind, label } = grant
    element.setAttribute('pid', pid)
    element.setAttribute('kind', kind)
    element.setAttribute('label', label)
    element.setAttribute('identity', sealIdentity({ pid, kind, label }))
  }
}
