import { DECLARATION_FIELD, declarationBlocks, MAX_BLOCK_DEPTH, readBlock } from '@accord/editor'
import * as Y from 'yjs'

/** One proposal id as the draft holds it: whose, and a fingerprint of all of it. */
export interface IndexedProposal {
  /** The delegation of its first run in reading order: the id's owner. */
  readonly delegation: string
  /** Every delegation that has a run under this id (more than one only in forged state). */
  readonly delegations: ReadonlySet<string>
  /** Its words, all runs in reading order. */
  readonly text: string
  /**
   * Who, what kind, which alternative, and the exact words, with a break wherever anything else
   * sits between two of its runs in one paragraph: a bracket split by other text is changed.
   * Runs in different paragraphs join without a break, so splitting or joining paragraphs moves
   * a bracket without changing it.
   */
  readonly print: string
}

/** A stretch of one block: clean text (null), or runs of one proposal with one head. */
type Segment = { id: string; delegation: string; head: string; text: string } | null

/** The segments of one block, read from its runs. */
function segmentsOf(element: Y.XmlElement): Segment[] {
  const segments: Segment[] = []
  for (const run of readBlock(element).runs) {
    const last = segments.at(-1)
    const proposal = run.proposal
    if (!proposal) {
      if (last !== null || segments.length === 0) segments.push(null)
      continue
    }
    const head = JSON.stringify([proposal.delegation, proposal.action, proposal.alternative])
    if (last && last.id === proposal.id && last.head === head) last.text += run.text
    else segments.push({ id: proposal.id, delegation: proposal.delegation, head, text: run.text })
  }
  return segments
}

/**
 * Block segments are kept per document and read again only for blocks a transaction touched,
 * so indexing a draft after an update reads the paragraphs that update changed, not the whole
 * declaration. Every transaction (clients', the server's own) marks what it touched.
 */
const caches = new WeakMap<Y.Doc, { blocks: WeakMap<Y.XmlElement, Segment[]> }>()

function cacheOf(doc: Y.Doc): { blocks: WeakMap<Y.XmlElement, Segment[]> } {
  let cache = caches.get(doc)
  if (cache) return cache
  const created = { blocks: new WeakMap<Y.XmlElement, Segment[]>() }
  const fragment = doc.getXmlFragment(DECLARATION_FIELD)
  doc.on('afterTransaction', (tr: Y.Transaction) => {
    for (const type of tr.changed.keys()) {
      let current = type as Y.AbstractType<unknown>
      let hops = 0
      while (current._item && (current._item.parent as unknown) !== fragment) {
        current = current._item.parent as Y.AbstractType<unknown>
        if (++hops > MAX_BLOCK_DEPTH + 2) break
      }
      if (current._item && (current._item.parent as unknown) === fragment) {
        if (current instanceof Y.XmlElement) created.blocks.delete(current)
      } else if ((current as unknown) !== fragment && hops > MAX_BLOCK_DEPTH + 2) {
        // Too deep to place: forget everything rather than keep a stale reading.
        created.blocks = new WeakMap()
      }
    }
  })
  caches.set(doc, created)
  cache = created
  return cache
}

/** Every proposal of a draft, by id. */
export function proposalIndex(doc: Y.Doc): Map<string, IndexedProposal> {
  const cache = cacheOf(doc)
  const found = new Map<
    string,
    { delegation: string; delegations: Set<string>; text: string; print: string }
  >()
  // The previous run carries over from one paragraph to the next: a bracket that a paragraph
  // break cut in two reads as one.
  let previousId: string | null = null
  let previousHead = ''
  for (const { element } of declarationBlocks(doc)) {
    let segments = cache.blocks.get(element)
    if (!segments) {
      segments = segmentsOf(element)
      cache.blocks.set(element, segments)
    }
    const seenHere = new Set<string>()
    for (const segment of segments) {
      if (!segment) {
        previousId = null
        previousHead = ''
        continue
      }
      let entry = found.get(segment.id)
      if (!entry) {
        entry = { delegation: segment.delegation, delegations: new Set(), text: '', print: '' }
        found.set(segment.id, entry)
      }
      entry.delegations.add(segment.delegation)
      const split = seenHere.has(segment.id) && previousId !== segment.id ? '\u2029' : ''
      const continues = previousId === segment.id && previousHead === segment.head
      entry.text += segment.text
      entry.print += continues ? segment.text : `${split}${segment.head}${segment.text}`
      seenHere.add(segment.id)
      previousId = segment.id
      previousHead = segment.head
    }
  }
  return found
}

/**
 * What the mirrors' consensus and comment placement read from a draft, as one string: each
 * paragraph's id with the proposal ids it holds. Read from the same per-block cache as
 * `proposalIndex`, so typing in clean text does not make it read any paragraph again.
 */
export function proposalShape(doc: Y.Doc): string {
  const cache = cacheOf(doc)
  const parts: string[] = []
  for (const { element, id } of declarationBlocks(doc)) {
    let segments = cache.blocks.get(element)
    if (!segments) {
      segments = segmentsOf(element)
      cache.blocks.set(element, segments)
    }
    const ids = new Set<string>()
    for (const segment of segments) if (segment) ids.add(segment.id)
    parts.push(`${id}:${[...ids].sort().join(',')}`)
  }
  return parts.join('\n')
}
