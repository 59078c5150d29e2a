import { Mark, mergeAttributes } from '@tiptap/core'

/** The ProseMirror/Yjs name of the proposal mark. */
export const PROPOSAL_MARK = 'proposal'

/** What a proposal asks for: add its text, or strike it. */
export const PROPOSAL_ACTIONS = ['insert', 'delete'] as const

/** One of {@link PROPOSAL_ACTIONS}. */
export type ProposalAction = (typeof PROPOSAL_ACTIONS)[number]

/** The attributes of a proposal mark. */
export interface ProposalAttributes {
  /** Proposal id, shared by every run of text of one proposal. */
  id: string
  /** Code of the proposing delegation, e.g. 'JPN'. The server checks it against the session. */
  delegation: string
  action: ProposalAction
  /** null for a plain proposal, 1, 2… for "Alt 1", "Alt 2" of one paragraph. */
  alternative: number | null
}

/** Whether `value` is one of {@link PROPOSAL_ACTIONS}. */
export function isProposalAction(value: unknown): value is ProposalAction {
  return typeof value === 'string' && (PROPOSAL_ACTIONS as readonly string[]).includes(value)
}

function parseAlternative(element: HTMLElement): number | null {
  const raw = element.getAttribute('data-alternative')
  if (raw === null || !/^[1-9][0-9]*$/.test(raw)) return null
  return Number(raw)
}

/**
 * Bracketed text proposed by a delegation. It renders as
 * `<span data-proposal="…" data-delegation="JPN" data-action="insert" class="proposal
 * proposal-insert">`; the brackets and the delegation tag are CSS (`::before`/`::after` with
 * `attr(data-delegation)`), so the document text stays exactly the proposed words.
 *
 * Not inclusive: typing right after a proposal must not silently extend another delegation's
 * proposal; proposal mode adds the mark explicitly. It excludes itself (the default), so each
 * character belongs to at most one proposal and Yjs stores it under the plain name `proposal`.
 */
export const Proposal = Mark.create({
  name: PROPOSAL_MARK,
  inclusive: false,

  addOptions() {
    return { HTMLAttributes: {} as Record<string, unknown> }
  },

  addAttributes() {
    return {
      id: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-proposal'),
        renderHTML: (attributes) => ({ 'data-proposal': attributes.id }),
      },
      delegation: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-delegation'),
        renderHTML: (attributes) => ({ 'data-delegation': attributes.delegation }),
      },
      action: {
        default: 'insert',
        parseHTML: (element) => {
          const action = element.getAttribute('data-action')
          return isProposalAction(action) ? action : 'insert'
        },
        renderHTML: (attributes) => ({ 'data-action': attributes.action }),
      },
      alternative: {
        default: null,
        parseHTML: parseAlternative,
        renderHTML: (attributes) =>
          attributes.alternative == null
            ? {}
            : { 'data-alternative': String(attributes.alternative) },
      },
    }
  },

  parseHTML() {
    return [{ tag: 'span[data-proposal]' }]
  },

  renderHTML({ mark, HTMLAttributes }) {
    const action = isProposalAction(mark.attrs.action) ? mark.attrs.action : 'insert'
    return [
      'span',
      mergeAttributes(this.options.HTMLAttributes, HTMLAttributes, {
        class: `proposal proposal-${action}`,
      }),
      0,
    ]
  },
})
