import * as Y from 'yjs'
import { DECLARATION_FIELD } from './extensions.js'
import { unsealIdentity } from './identitySeal.js'
import { DEFAULT_PARAGRAPH_KIND, isParagraphKind, type ParagraphKind } from './paragraphKinds.js'
import { isProposalAction, PROPOSAL_MARK, type ProposalAttributes } from './proposalMark.js'

/** One proposal (one bracket) inside a paragraph, with the text it covers. */
export interface DeclarationProposal extends ProposalAttributes {
  text: string
}

/** A top-level block of a declaration as the headless reader sees it. */
export interface DeclarationParagraph {
  /** The stable paragraph id ('' if the block has none yet). */
  id: string
  kind: ParagraphKind
  label: string
  /** Plain text, including the text of every proposal (insertions and deletions alike). */
  text: string
  /** Proposals in reading order; adjacent runs of one proposal id are merged. */
  proposals: DeclarationProposal[]
}

// y-prosemirror stores a mark under its own name, or under `name--<8 chars of hash>` when the
// mark may overlap itself. Proposals do not, but accept both so a schema change cannot blind
// the server.
const MARK_KEY = /^(.*?)(--[a-zA-Z0-9+/=]{8})?$/

interface Run {
  text: string
  proposal: ProposalAttributes | null
}

function proposalOf(attributes: Record<string, unknown> | undefined): ProposalAttributes | null {
  if (!attributes) return null
  for (const [key, value] of Object.entries(attributes)) {
    if (MARK_KEY.exec(key)?.[1] !== PROPOSAL_MARK) continue
    // The Yjs state is untrusted (any client can write any attribute), so normalise rather
    // than trust or throw: callers see a malformed proposal as what it is.
    const attrs = (typeof value === 'object' && value !== null ? value : {}) as Record<
      string,
      unknown
    >
    const alternative = attrs.alternative
    return {
      id: typeof attrs.id === 'string' ? attrs.id : '',
      delegation: typeof attrs.delegation === 'string' ? attrs.delegation : '',
      action: isProposalAction(attrs.action) ? attrs.action : 'insert',
      alternative:
        typeof alternative === 'number' && Number.isInteger(alternative) && alternative > 0
          ? alternative
          : null,
    }
  }
  return null
}

function runsOf(element: Y.XmlElement | Y.XmlFragment, runs: Run[] = []): Run[] {
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as {
        insert: unknown
        attributes?: Record<string, unknown>
      }[]) {
        if (typeof op.insert === 'string') {
          runs.push({ text: op.insert, proposal: proposalOf(op.attributes) })
        }
      }
    } else if (child instanceof Y.XmlElement) {
      runsOf(child, runs)
    }
  }
  return runs
}

/** The plain text of one block element (all text, proposals included, no markup). */
export function paragraphText(element: Y.XmlElement): string {
  return runsOf(element)
    .map((run) => run.text)
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

function proposalsOf(runs: readonly Run[]): DeclarationProposal[] {
  const proposals: DeclarationProposal[] = []
  let previous: Run | null = null
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
function identityOf(element: Y.XmlElement): Pick<DeclarationParagraph, 'id' | 'kind' | 'label'> {
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

/**
 * Reads a declaration straight from its Y.Doc, without ProseMirror or a DOM: one entry per
 * top-level block, in document order. The server and the client both use it.
 */
export function readDeclaration(doc: Y.Doc, field = DECLARATION_FIELD): DeclarationParagraph[] {
  const paragraphs: DeclarationParagraph[] = []
  for (const child of doc.getXmlFragment(field).toArray()) {
    if (!(child instanceof Y.XmlElement)) continue
    const runs = runsOf(child)
    paragraphs.push({
      ...identityOf(child),
      text: runs.map((run) => run.text).join(''),
      proposals: proposalsOf(runs),
    })
  }
  return paragraphs
}
