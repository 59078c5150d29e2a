import {
  type BlockContent,
  blockContent,
  buildBlockChildren,
  DECLARATION_FIELD,
  type DeclarationParagraph,
  declarationBlocks,
  findParagraph,
  MAX_BLOCK_DEPTH,
  markNameOfKey,
  PROPOSAL_MARK,
  type ProposalAttributes,
  readBlock,
  readDeclaration,
  sameBlockContent,
} from '@accord/editor'
import * as Y from 'yjs'

/** What an agreed paragraph's lock keeps: its whole content and where it stood. */
export interface AgreedLock {
  content: BlockContent
  afterPid: string | null
}

/** The lock of paragraph `pid` as the draft holds it now, or null when there is no such paragraph. */
export function lockOf(doc: Y.Doc, pid: string): AgreedLock | null {
  const found = findParagraph(doc, pid)
  return found
    ? { content: blockContent(found.element), afterPid: previousParagraphId(doc, pid) }
    : null
}

/**
 * Whether the draft holds paragraph `pid` exactly as locked: present, with the same content, and
 * claimed by no other block (a copy of an agreed paragraph is a change to it too: it would show
 * the paragraph twice, or take its id if placed before it).
 */
export function holdsLock(doc: Y.Doc, pid: string, lock: AgreedLock): boolean {
  const claimants = declarationBlocks(doc).filter((block) => block.claimed === pid)
  return (
    claimants.length === 1 &&
    claimants[0]!.id === pid &&
    sameBlockContent(blockContent(claimants[0]!.element), lock.content)
  )
}

/**
 * Puts a paragraph back as it was agreed: every other block that claims its id is removed, its
 * content is replaced if it changed, or the whole paragraph is re-inserted (after the paragraph
 * `afterPid`, or first) if it was deleted.
 */
export function restoreParagraph(doc: Y.Doc, pid: string, lock: AgreedLock): void {
  const fragment = doc.getXmlFragment(DECLARATION_FIELD)
  const claimants = declarationBlocks(doc).filter((block) => block.claimed === pid)
  // Keep the first claimant only if it is the paragraph itself; delete the others last first.
  for (const block of claimants.slice(1).reverse()) fragment.delete(block.index, 1)
  let element = claimants[0]?.element
  if (!element) {
    element = new Y.XmlElement(lock.content.nodeName)
    const after = lock.afterPid ? findParagraph(doc, lock.afterPid) : null
    fragment.insert(after ? after.index + 1 : 0, [element])
  }
  const { attributes } = lock.content
  for (const [key, value] of Object.entries(attributes)) {
    if (element.getAttribute(key) !== value) element.setAttribute(key, value as string)
  }
  for (const key of Object.keys(element.getAttributes())) {
    if (!(key in attributes)) element.removeAttribute(key)
  }
  if (sameBlockContent(blockContent(element), lock.content)) return
  // Keep the texts themselves where the shapes agree, and only rewrite what they hold: an
  // edit made concurrently with the restore then lands in a live text, where the next check
  // sees it (and tells its author), rather than vanishing into a deleted one.
  const children = element.toArray()
  const wanted = lock.content.children
  if (
    children.length === wanted.length &&
    children.every((child, i) => child instanceof Y.XmlText && 'text' in wanted[i]!)
  ) {
    children.forEach((child, i) => {
      const text = child as Y.XmlText
      const delta = (wanted[i] as { text: unknown[] }).text
      if (JSON.stringify(text.toDelta()) === JSON.stringify(delta)) return
      text.delete(0, text.length)
      text.applyDelta(delta)
    })
    return
  }
  if (element.length > 0) element.delete(0, element.length)
  element.insert(0, buildBlockChildren(wanted))
}

/** The id of the paragraph before `pid`, or null when it is the first. */
export function previousParagraphId(doc: Y.Doc, pid: string): string | null {
  const blocks = declarationBlocks(doc)
  const at = blocks.findIndex((block) => block.id === pid)
  for (let i = at - 1; i >= 0; i--) if (blocks[i]!.id) return blocks[i]!.id
  return null
}

/** Every text inside a block, nested ones included, in reading order; iterative and bounded. */
function textsOf(element: Y.XmlElement): Y.XmlText[] {
  const texts: Y.XmlText[] = []
  const stack: { children: unknown[]; next: number }[] = [{ children: element.toArray(), next: 0 }]
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    const child = frame.children[frame.next++]
    if (child === undefined) stack.pop()
    else if (child instanceof Y.XmlText) texts.push(child)
    else if (child instanceof Y.XmlElement && stack.length <= MAX_BLOCK_DEPTH)
      stack.push({ children: child.toArray(), next: 0 })
  }
  return texts
}

/** The attribute key under which a proposal mark with this id is stored in a delta, if any. */
function proposalKey(
  attributes: Record<string, unknown> | undefined,
  proposalId: string,
): string | null {
  if (!attributes) return null
  for (const [key, value] of Object.entries(attributes)) {
    if (markNameOfKey(key) !== PROPOSAL_MARK) continue
    if (
      typeof value === 'object' &&
      value !== null &&
      (value as { id?: unknown }).id === proposalId
    )
      return key
  }
  return null
}

/**
 * Carries out the secretariat's decision on a proposal in the draft text. Accepting an
 * insertion, or rejecting a deletion, keeps the text and removes the brackets; rejecting an
 * insertion, or accepting a deletion, removes the text. Idempotent: once carried out, the
 * proposal is gone and a replay changes nothing. Returns whether the proposal was found.
 */
export function applyProposalDecision(
  element: Y.XmlElement,
  proposalId: string,
  action: 'insert' | 'delete',
  decision: 'accepted' | 'rejected',
): boolean {
  const keepText = (action === 'insert') === (decision === 'accepted')
  let found = false
  for (const child of textsOf(element)) {
    // Collect ranges first, then change from the end, so earlier offsets stay valid.
    const ranges: { offset: number; length: number; key: string }[] = []
    let offset = 0
    for (const op of child.toDelta() as {
      insert: unknown
      attributes?: Record<string, unknown>
    }[]) {
      const length = typeof op.insert === 'string' ? op.insert.length : 1
      const key = proposalKey(op.attributes, proposalId)
      if (key) ranges.push({ offset, length, key })
      offset += length
    }
    for (const range of ranges.reverse()) {
      found = true
      if (keepText) child.format(range.offset, range.length, { [range.key]: null })
      else child.delete(range.offset, range.length)
    }
  }
  return found
}

/** One run of a paragraph's text: clean (agreed so far, or never bracketed), or a proposal. */
export interface TextSegment {
  text: string
  /** The proposal the run belongs to; null for clean text. */
  proposal: ProposalAttributes | null
}

/** A paragraph as `/paragraphs` gives it: its identity, its runs, and a bracketed rendering. */
export interface StructuredParagraph extends DeclarationParagraph {
  segments: TextSegment[]
  bracketed: string
}

const sameProposal = (a: ProposalAttributes | null, b: ProposalAttributes | null) =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.id === b.id &&
    a.delegation === b.delegation &&
    a.action === b.action &&
    a.alternative === b.alternative)

/**
 * The runs of a block, in reading order: adjacent runs of the same proposal (split only by bold
 * or italic) are one segment, as are adjacent clean runs. Runs that share a proposal id but
 * disagree on the rest stay apart, as in `readDeclaration`.
 */
export function segmentsOf(element: Y.XmlElement): TextSegment[] {
  const segments: TextSegment[] = []
  for (const run of readBlock(element).runs) {
    const last = segments.at(-1)
    if (last && sameProposal(last.proposal, run.proposal)) last.text += run.text
    else segments.push({ text: run.text, proposal: run.proposal ? { ...run.proposal } : null })
  }
  return segments
}

/**
 * The text with each proposal in square brackets, tagged with its alternative, delegation and
 * action: `data flows[JPN: , including through a multilateral arrangement], to …`,
 * `[Alt 2 DEU delete: We support …][Alt 1 BRA: We will develop …]`. The tag is the one the
 * revisions' bracketed text uses, so both read alike.
 */
export function bracketedSegments(segments: readonly TextSegment[]): string {
  return segments
    .map(({ text, proposal }) => {
      if (!proposal) return text
      const tag = [
        proposal.alternative ? `Alt ${proposal.alternative}` : null,
        proposal.delegation,
        proposal.action === 'delete' ? 'delete' : null,
      ]
        .filter(Boolean)
        .join(' ')
      return `[${tag}: ${text}]`
    })
    .join('')
}

/** Every top-level block with its segments and bracketed rendering, read from the draft. */
export function structuredParagraphs(doc: Y.Doc): StructuredParagraph[] {
  const read = readDeclaration(doc)
  return declarationBlocks(doc).map(({ element }, index) => {
    const segments = segmentsOf(element)
    return { ...read[index]!, segments, bracketed: bracketedSegments(segments) }
  })
}
