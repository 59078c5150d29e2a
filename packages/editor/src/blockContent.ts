import * as Y from 'yjs'
import { MAX_BLOCK_DEPTH } from './readDeclaration.js'

/** A child of a block as stored: a text with its formatted delta, or a nested element. */
export type ContentNode =
  | { readonly text: unknown[] }
  | {
      readonly element: string
      readonly attributes: Record<string, unknown>
      readonly children: ContentNode[]
    }

/** A block's whole content (attributes, text and nested elements): what an agreed lock keeps. */
export interface BlockContent {
  readonly nodeName: string
  readonly attributes: Record<string, unknown>
  readonly children: ContentNode[]
}

/**
 * The content of a block element, all of it: every text with its formatting and every nested
 * element with its attributes (so that text hidden in a nested element is part of it). Iterative;
 * below {@link MAX_BLOCK_DEPTH} an element is recorded without its children, which is never what
 * was agreed, so such a block never matches agreed content.
 */
export function blockContent(element: Y.XmlElement): BlockContent {
  const root: BlockContent = {
    nodeName: element.nodeName,
    attributes: element.getAttributes() as Record<string, unknown>,
    children: [],
  }
  const stack: { from: Y.XmlElement; into: ContentNode[]; depth: number }[] = [
    { from: element, into: root.children, depth: 0 },
  ]
  while (stack.length > 0) {
    const { from, into, depth } = stack.pop()!
    for (const child of from.toArray()) {
      if (child instanceof Y.XmlText) {
        into.push({ text: child.toDelta() as unknown[] })
      } else if (child instanceof Y.XmlElement) {
        const node = {
          element: child.nodeName,
          attributes: child.getAttributes() as Record<string, unknown>,
          children: [] as ContentNode[],
        }
        into.push(node)
        if (depth < MAX_BLOCK_DEPTH)
          stack.push({ from: child, into: node.children, depth: depth + 1 })
        else node.attributes['\u0000tooDeep'] = true
      }
    }
  }
  return root
}

/** Reads stored content, including the older form that kept only the block's own texts. */
export function parseBlockContent(value: unknown): BlockContent {
  const stored = value as Partial<BlockContent> & { texts?: unknown[][] }
  return {
    nodeName: typeof stored.nodeName === 'string' ? stored.nodeName : 'paragraph',
    attributes: stored.attributes ?? {},
    children: stored.children ?? (stored.texts ?? []).map((text) => ({ text })),
  }
}

/** Whether two contents are the same (attributes, text, formatting and nesting). */
export function sameBlockContent(a: BlockContent, b: BlockContent): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** New Yjs children that hold `children`, for putting content back into a block. */
export function buildBlockChildren(children: readonly ContentNode[]): (Y.XmlText | Y.XmlElement)[] {
  // Prelim types accept content only once integrated for text formatting, so texts are filled
  // from their deltas up front and elements are built leaf-first, without recursion.
  const build = (node: ContentNode): Y.XmlText | Y.XmlElement => {
    if ('text' in node) {
      const text = new Y.XmlText()
      text.applyDelta(node.text)
      return text
    }
    return new Y.XmlElement(node.element)
  }
  const top = children.map(build)
  const stack: { node: ContentNode; built: Y.XmlText | Y.XmlElement }[] = children.map(
    (node, i) => ({ node, built: top[i]! }),
  )
  while (stack.length > 0) {
    const { node, built } = stack.pop()!
    if ('text' in node || !(built instanceof Y.XmlElement)) continue
    for (const [key, value] of Object.entries(node.attributes)) {
      if (key !== '\u0000tooDeep') built.setAttribute(key, value as string)
    }
    const kids = node.children.map(build)
    built.insert(0, kids)
    node.children.forEach((child, i) => {
      stack.push({ node: child, built: kids[i]! })
    })
  }
  return top
}
