import { mergeAttributes, Node } from '@tiptap/core'
import { DEFAULT_PARAGRAPH_KIND, isParagraphKind, type ParagraphKind } from './paragraphKinds.js'

/** The ProseMirror/Yjs name of the one top-level block type. */
export const PARAGRAPH_NODE = 'paragraph'

/** The attributes every top-level block carries. */
export interface ParagraphAttributes {
  /** Stable paragraph id, never reused; null only until the identity plugin assigns one. */
  pid: string | null
  kind: ParagraphKind
  /** Working label (PP3, OP7bis) for preambular and operative paragraphs, '' otherwise. */
  label: string
  /** The seal of pid, kind and label, maintained by the identity plugin. */
  identity: string | null
}

// Title and headings render as real headings so the published HTML and screen readers get an
// outline; everything else is a paragraph. Parsing reads data-kind first, so the mapping is
// symmetric with rendering.
const TAG_OF_KIND: Record<ParagraphKind, string> = {
  title: 'h1',
  chapeau: 'p',
  heading: 'h2',
  preambular: 'p',
  operative: 'p',
  annex: 'p',
}

function kindFromElement(element: HTMLElement): ParagraphKind {
  const kind = element.getAttribute('data-kind')
  if (isParagraphKind(kind)) return kind
  if (element.tagName === 'H1') return 'title'
  if (/^H[2-6]$/.test(element.tagName)) return 'heading'
  return DEFAULT_PARAGRAPH_KIND
}

/**
 * The one top-level block of a declaration. A single node type with a `kind` attribute (rather
 * than a node type per kind) keeps splitting, joining and pasting uniform: ProseMirror copies the
 * attributes of a block it splits, so a new paragraph inherits the kind of the one it came from.
 */
export const DeclarationBlock = Node.create({
  name: PARAGRAPH_NODE,
  group: 'block',
  content: 'inline*',
  priority: 1000,

  addOptions() {
    return { HTMLAttributes: {} as Record<string, unknown> }
  },

  addAttributes() {
    return {
      pid: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-pid'),
        renderHTML: (attributes) => (attributes.pid ? { 'data-pid': attributes.pid } : {}),
      },
      kind: {
        default: DEFAULT_PARAGRAPH_KIND,
        parseHTML: kindFromElement,
        renderHTML: (attributes) => ({ 'data-kind': attributes.kind }),
      },
      // Internal: the seal of pid, kind and label that lets clients undo a merge of two
      // identities (see identitySeal.ts). Not in HTML: a pasted block is resealed anyway.
      identity: {
        default: null,
        parseHTML: () => null,
        renderHTML: () => ({}),
      },
      label: {
        default: '',
        parseHTML: (element) => element.getAttribute('data-label') ?? '',
        renderHTML: (attributes) => (attributes.label ? { 'data-label': attributes.label } : {}),
      },
    }
  },

  parseHTML() {
    return [{ tag: 'p' }, { tag: 'h1' }, { tag: 'h2' }, { tag: 'h3' }]
  },

  renderHTML({ node, HTMLAttributes }) {
    const kind = isParagraphKind(node.attrs.kind) ? node.attrs.kind : DEFAULT_PARAGRAPH_KIND
    return [
      TAG_OF_KIND[kind],
      mergeAttributes(this.options.HTMLAttributes, HTMLAttributes, {
        class: `paragraph paragraph-${kind}`,
      }),
      0,
    ]
  },
})
