import { DECLARATION_FIELD, PROPOSAL_MARK } from '@accord/editor'
import * as Y from 'yjs'

/** A paragraph's content as stored when it is agreed: what the lock restores. */
export interface ParagraphContent {
  readonly nodeName: string
  readonly attributes: Record<string, unknown>
  /** One delta per text child, in order. */
  readonly texts: unknown[][]
}

/** The top-level element of a paragraph, by its stable id, with its index. */
export function findParagraph(
  doc: Y.Doc,
  pid: string,
): { element: Y.XmlElement; index: number } | null {
  const children = doc.getXmlFragment(DECLARATION_FIELD).toArray()
  for (let index = 0; index < children.length; index++) {
    const child = children[index]
    if (child instanceof Y.XmlElement && child.getAttribute('pid') === pid)
      return { element: child, index }
  }
  return null
}

/** The content of a paragraph, as JSON that `restoreParagraph` puts back. */
export function paragraphContent(element: Y.XmlElement): ParagraphContent {
  return {
    nodeName: element.nodeName,
    attributes: element.getAttributes() as Record<string, unknown>,
    texts: element
      .toArray()
      .filter((child): child is Y.XmlText => child instanceof Y.XmlText)
      .map((text) => text.toDelta() as unknown[]),
  }
}

/** Whether two contents are the same (attributes, text and formatting). */
export function sameContent(a: ParagraphContent, b: ParagraphContent): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/**
 * Puts a paragraph back as it was agreed: its content replaced if it changed, or the whole
 * paragraph re-inserted (after the paragraph `afterPid`, or first) if it was deleted.
 */
export function restoreParagraph(
  doc: Y.Doc,
  pid: string,
  content: ParagraphContent,
  afterPid: string | null,
): void {
  const fragment = doc.getXmlFragment(DECLARATION_FIELD)
  let found = findParagraph(doc, pid)
  if (!found) {
    const element = new Y.XmlElement(content.nodeName)
    const after = afterPid ? findParagraph(doc, afterPid) : null
    const index = after ? after.index + 1 : 0
    fragment.insert(index, [element])
    found = { element, index }
  }
  const { element } = found
  for (const [key, value] of Object.entries(content.attributes)) {
    if (element.getAttribute(key) !== value) element.setAttribute(key, value as string)
  }
  for (const key of Object.keys(element.getAttributes())) {
    if (!(key in content.attributes)) element.removeAttribute(key)
  }
  if (element.length > 0) element.delete(0, element.length)
  element.insert(
    0,
    content.texts.map((delta) => {
      const text = new Y.XmlText()
      text.applyDelta(delta)
      return text
    }),
  )
}

/** The id of the paragraph before `pid`, or null when it is the first. */
export function previousParagraphId(doc: Y.Doc, pid: string): string | null {
  const found = findParagraph(doc, pid)
  if (!found || found.index === 0) return null
  const previous = doc.getXmlFragment(DECLARATION_FIELD).get(found.index - 1)
  return previous instanceof Y.XmlElement
    ? ((previous.getAttribute('pid') as string | undefined) ?? null)
    : null
}

const MARK_KEY = /^(.*?)(--[a-zA-Z0-9+/=]{8})?$/

/** The attribute key under which a proposal mark is stored in a delta, if any. */
function proposalKey(
  attributes: Record<string, unknown> | undefined,
  proposalId: string,
): string | null {
  if (!attributes) return null
  for (const [key, value] of Object.entries(attributes)) {
    if (MARK_KEY.exec(key)?.[1] !== PROPOSAL_MARK) continue
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
 * insertion, or accepting a deletion, removes the text. Returns whether the proposal was found.
 */
export function applyProposalDecision(
  element: Y.XmlElement,
  proposalId: string,
  action: 'insert' | 'delete',
  decision: 'accepted' | 'rejected',
): boolean {
  const keepText = (action === 'insert') === (decision === 'accepted')
  let found = false
  for (const child of element.toArray()) {
    if (!(child instanceof Y.XmlText)) continue
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
