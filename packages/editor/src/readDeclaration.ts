import * as Y from 'yjs'
import { DECLARATION_FIELD } from './extensions.js'
import { unsealIdentity } from './identitySeal.js'
import { proposalOf } from './markKeys.js'
import { DEFAULT_PARAGRAPH_KIND, isParagraphKind, type ParagraphKind } from './paragraphKinds.js'
import type { ProposalAttributes } from './proposalMark.js'

/** One proposal (one bracket) inside a paragraph, with the text it covers. */
export interface DeclarationProposal extends ProposalAttributes {
  text: string
}

/** A top-level block of a declaration as the headless reader sees it. */
export interface DeclarationParagraph {
  /** The stable paragraph id ('' if the block has none yet, or only repeats an earlier block's). */
  id: string
  kind: ParagraphKind
  label: string
  /** Plain text, including the text of every proposal (insertions and deletions alike). */
  text: string
  /** Proposals in reading order; adjacent runs of one proposal id are merged. */
  proposals: DeclarationProposal[]
}

/**
 * How deep elements may nest below a top-level block. The schema nests nothing (a block holds
 * inline content only), but the reader has always looked into nested elements, so a little
 * nesting is read; anything deeper is not read at all and counts as a violation of the rules.
 * Reading is iterative, so no structure, however deep, can overflow the stack.
 */
export const MAX_BLOCK_DEPTH = 8

/** One run of text of a block, with the proposal it carries. */
export interface TextRun {
  text: string
  proposal: ProposalAttributes | null
  /** The formatting attributes as stored (every key, known or not). */
  attributes: Record<string, unknown> | undefined
}

/** What reading one block found. */
export interface BlockReading {
  runs: TextRun[]
  /** Whether elements nest deeper than {@link MAX_BLOCK_DEPTH} (their content was not read). */
  tooDeep: boolean
}

/** Reads the text runs of one block element, depth first, without recursion. */
export function readBlock(element: Y.XmlElement): BlockReading {
  const runs: TextRun[] = []
  let tooDeep = false
  const stack: { children: (Y.XmlElement | Y.XmlText | Y.XmlHook)[]; next: number }[] = [
    { children: element.toArray(), next: 0 },
  ]
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!
    const child = frame.children[frame.next++]
    if (child === undefined) {
      stack.pop()
    } else if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as {
        insert: unknown
        attributes?: Record<string, unknown>
      }[]) {
        if (typeof op.insert === 'string') {
          runs.push({
            text: op.insert,
            proposal: proposalOf(op.attributes),
            attributes: op.attributes,
          })
        }
      }
    } else if (child instanceof Y.XmlElement) {
      if (stack.length > MAX_BLOCK_DEPTH) tooDeep = true
      else stack.push({ children: child.toArray(), next: 0 })
    }
  }
  return { runs, tooDeep }
}

/** The plain text of one block element (all text, proposals included, no markup). */
export function paragraphText(element: Y.XmlElement): string {
  return readBlock(element)
    .runs.map((run) => run.text)
    .join('')
}

function sameProposal(a: ProposalAttributes, b: ProposalAttributes): boolean {
  return (
    a.id === b.id &&
    a.delegation === b.delegation &&
    a.action === b.action &&
    a.alternative === b.alternative
  )
}

function proposalsOf(runs: readonly TextRun[]): DeclarationProposal[] {
  const proposals: DeclarationProposal[] = []
  let previous: TextRun | null = null
  for (const run of runs) {
    const last = proposals.at(-1)
    if (
      run.proposal &&
      last &&
      previous?.proposal &&
      sameProposal(previous.proposal, run.proposal)
    ) {
      // One proposal split into runs by bold/italic boundaries is still one bracket. Runs that
      // share an id but disagree on the rest stay apart, so a forged delegation is not hidden.
      last.text += run.text
    } else if (run.proposal) {
      proposals.push({ ...run.proposal, text: run.text })
    }
    previous = run
  }
  return proposals
}

/**
 * The identity of a block element. The seal wins over the separate attributes: when the two
 * disagree, the attributes are a merge of two clients' writes that every client's editor is
 * about to restore from the seal (see `sealIdentity`), so the reader reports the outcome.
 */
export function identityOf(
  element: Y.XmlElement,
): Pick<DeclarationParagraph, 'id' | 'kind' | 'label'> {
  const sealed = unsealIdentity(element.getAttribute('identity'))
  if (sealed) return { id: sealed.pid, kind: sealed.kind, label: sealed.label }
  const pid = element.getAttribute('pid')
  const kind = element.getAttribute('kind')
  const label = element.getAttribute('label')
  return {
    id: typeof pid === 'string' ? pid : '',
    kind: isParagraphKind(kind) ? kind : DEFAULT_PARAGRAPH_KIND,
    label: typeof label === 'string' ? label : '',
  }
}

/** A top-level block with the element that holds it. */
export interface DeclarationBlockRef {
  element: Y.XmlElement
  /** Its index among the fragment's children. */
  index: number
  /** The id it claims, by {@link identityOf}. */
  claimed: string
  /** Its paragraph id: `claimed`, or '' when an earlier block already claims that id. */
  id: string
}

/**
 * THE definition of a paragraph, for the reader, the locks and the decisions alike: a top-level
 * element, identified by its seal (else its pid); an id belongs to the first block that claims it,
 * and a later block that claims it too is not that paragraph (an editor gives it a new id).
 */
export function declarationBlocks(doc: Y.Doc, field = DECLARATION_FIELD): DeclarationBlockRef[] {
  const blocks: DeclarationBlockRef[] = []
  const seen = new Set<string>()
  const children = doc.getXmlFragment(field).toArray()
  for (let index = 0; index < children.length; index++) {
    const element = children[index]
    if (!(element instanceof Y.XmlElement)) continue
    const claimed = identityOf(element).id
    const id = claimed !== '' && !seen.has(claimed) ? claimed : ''
    if (id) seen.add(id)
    blocks.push({ element, index, claimed, id })
  }
  return blocks
}

/** The block that is paragraph `pid`, or null. */
export function findParagraph(
  doc: Y.Doc,
  pid: string,
  field = DECLARATION_FIELD,
): DeclarationBlockRef | null {
  return declarationBlocks(doc, field).find((block) => block.id === pid) ?? null
}

/**
 * Reads a declaration straight from its Y.Doc, without ProseMirror or a DOM: one entry per
 * top-level block, in document order. The server and the client both use it.
 */
export function readDeclaration(doc: Y.Doc, field = DECLARATION_FIELD): DeclarationParagraph[] {
  return declarationBlocks(doc, field).map(({ element, id }) => {
    const { runs } = readBlock(element)
    return {
      ...identityOf(element),
      id,
      text: runs.map((run) => run.text).join(''),
      proposals: proposalsOf(runs),
    }
  })
}
