import { Extension } from '@tiptap/core'
import { isHistoryTransaction } from '@tiptap/pm/history'
import { Fragment, type Mark, type Node as PMNode, Slice } from '@tiptap/pm/model'
import {
  type EditorState,
  Plugin,
  PluginKey,
  TextSelection,
  type Transaction,
} from '@tiptap/pm/state'
import { ReplaceStep } from '@tiptap/pm/transform'
import { ySyncPluginKey } from '@tiptap/y-tiptap'
import { generateParagraphId } from './paragraphId.js'
import { PRESERVE_PARAGRAPH_IDS } from './paragraphIdentity.js'
import { PROPOSAL_MARK, type ProposalAction, type ProposalAttributes } from './proposalMark.js'

/** Makes a fresh proposal id. */
export type ProposalIdGenerator = () => string

/** Options of {@link ProposalMode}. */
export interface ProposalModeOptions {
  /** Source of new proposal ids; random (like paragraph ids) by default. */
  generateId: ProposalIdGenerator
}

/** The state of proposal mode, kept in the extension's storage. */
export interface ProposalModeStorage {
  /** Whether edits become proposals. */
  enabled: boolean
  /** The delegation the proposals are attributed to, while enabled. */
  delegation: string | null
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    proposalMode: {
      /** Turns proposal mode on: insertions and deletions become proposals of `delegation`. */
      setProposalMode: (options: { delegation: string }) => ReturnType
      /** Turns proposal mode off: edits are plain again. */
      unsetProposalMode: () => ReturnType
    }
  }
  interface Storage {
    proposalMode: ProposalModeStorage
  }
}

/** The proposal-mode plugin's key; its meta marks the transactions it appended. */
export const proposalModeKey = new PluginKey<null>('proposalMode')

/** Transaction meta: leave this transaction's edits plain even in proposal mode. */
export const SKIP_PROPOSAL_MODE = 'skipProposalMode'

/** Whether the transaction mirrors a Yjs change (remote update, Yjs undo/redo, first render). */
function isYjsChange(tr: Transaction): boolean {
  return tr.getMeta(ySyncPluginKey)?.isChangeOrigin === true
}

/**
 * Whether a transaction is the user's own edit. Yjs mirrors, undo/redo, transactions other
 * plugins append (identity repairs) and our own are not: rewriting them would attribute someone
 * else's change, or a repair, to this delegation.
 */
function isUserEdit(tr: Transaction): boolean {
  return (
    tr.docChanged &&
    !isYjsChange(tr) &&
    !isHistoryTransaction(tr) &&
    tr.getMeta('appendedTransaction') === undefined &&
    tr.getMeta(proposalModeKey) === undefined &&
    tr.getMeta(SKIP_PROPOSAL_MODE) !== true
  )
}

function proposalOf(node: PMNode | null | undefined): ProposalAttributes | null {
  const mark = node?.marks.find((candidate) => candidate.type.name === PROPOSAL_MARK)
  return mark ? (mark.attrs as ProposalAttributes) : null
}

/** A plain (non-alternative) proposal of `delegation` with `action`. */
function isOwn(
  proposal: ProposalAttributes | null,
  delegation: string,
  action: ProposalAction,
): proposal is ProposalAttributes {
  return (
    proposal !== null &&
    proposal.delegation === delegation &&
    proposal.action === action &&
    proposal.alternative == null
  )
}

/**
 * The id to give new proposal text placed between `from` and `to`: the id of an adjacent own
 * proposal of the same action, so that typing (or striking) on extends one bracket, else a new one.
 */
function adjacentId(
  doc: PMNode,
  from: number,
  to: number,
  delegation: string,
  action: ProposalAction,
): string | null {
  const before = proposalOf(doc.resolve(from).nodeBefore)
  if (isOwn(before, delegation, action)) return before.id
  const after = proposalOf(doc.resolve(to).nodeAfter)
  if (isOwn(after, delegation, action)) return after.id
  return null
}

/**
 * The deleted content as it is to be put back: the delegate's own pending insertions really go
 * (they are unsubmitted wording), text already in someone's proposal keeps its mark, and the rest
 * is struck with the mark `strike` gives. Block structure is kept, so a deleted paragraph break comes back too.
 */
function struck(fragment: Fragment, delegation: string, strike: () => Mark): Fragment {
  const children: PMNode[] = []
  fragment.forEach((child) => {
    if (child.isText) {
      const proposal = proposalOf(child)
      if (isOwn(proposal, delegation, 'insert')) return
      children.push(proposal ? child : child.mark(strike().addToSet(child.marks)))
    } else {
      children.push(child.copy(struck(child.content, delegation, strike)))
    }
  })
  return Fragment.from(children)
}

function hasText(fragment: Fragment): boolean {
  let found = false
  fragment.descendants((node) => {
    if (node.isText) found = true
    return !found
  })
  return found
}

/** What one replace step of the user's transaction did, in the coordinates of the final doc. */
interface Edit {
  /** The inserted content. */
  insertedFrom: number
  insertedTo: number
  /** Where the deleted content was, and what it was. */
  deletedAt: number
  deleted: Slice
}

function editsOf(transactions: readonly Transaction[]): Edit[] {
  const edits: Edit[] = []
  transactions.forEach((tr, index) => {
    // Positions are mapped through the rest of this transaction and every later one.
    const later = transactions.slice(index + 1)
    tr.steps.forEach((step, stepIndex) => {
      if (!(step instanceof ReplaceStep)) return
      const { from, to, slice } = step as unknown as { from: number; to: number; slice: Slice }
      const map = (pos: number, assoc: number) => {
        let mapped = tr.mapping.slice(stepIndex + 1).map(pos, assoc)
        for (const next of later) mapped = next.mapping.map(mapped, assoc)
        return mapped
      }
      edits.push({
        insertedFrom: map(from, 1),
        insertedTo: map(from + slice.size, -1),
        deletedAt: map(from, -1),
        deleted: tr.docs[stepIndex]!.slice(from, to),
      })
    })
  })
  return edits
}

/**
 * Rewrites the user's edits as proposals of `delegation`: inserted text gets an insert proposal,
 * deleted text is put back with a delete proposal. Returns null if there is nothing to rewrite.
 */
function proposalTransaction(
  transactions: readonly Transaction[],
  oldState: EditorState,
  newState: EditorState,
  delegation: string,
  generateId: ProposalIdGenerator,
): Transaction | null {
  const user = transactions.filter(isUserEdit)
  if (user.length === 0) return null
  const edits = editsOf(user)
  if (edits.length === 0) return null
  const markType = newState.schema.marks[PROPOSAL_MARK]
  if (!markType) return null
  const tr = newState.tr
  const mark = (id: string, action: ProposalAction) =>
    markType.create({ id, delegation, action, alternative: null } satisfies ProposalAttributes)

  // Insertions first: adding marks moves nothing, so the recorded positions stay valid.
  for (const edit of edits) {
    if (edit.insertedTo <= edit.insertedFrom) continue
    // A split (Enter) inserts only a paragraph break: no text, no proposal.
    if (!hasText(tr.doc.slice(edit.insertedFrom, edit.insertedTo).content)) continue
    const id =
      adjacentId(tr.doc, edit.insertedFrom, edit.insertedTo, delegation, 'insert') ?? generateId()
    // Replaces any proposal mark the new text inherited or was pasted with: new text is ours.
    tr.addMark(edit.insertedFrom, edit.insertedTo, mark(id, 'insert'))
  }

  let cursor: number | null = null
  let restoredBlocks = false
  const single = user.length === 1 && user[0]!.steps.length === 1 ? edits[0]! : null
  for (const edit of edits) {
    if (edit.deleted.size === 0) continue
    const at = tr.mapping.map(edit.deletedAt, -1)
    // Drawn only if some text is struck, so that really deleting one's own insertion uses no id.
    let strike: Mark | null = null
    const content = struck(edit.deleted.content, delegation, () => {
      strike ??= mark(adjacentId(tr.doc, at, at, delegation, 'delete') ?? generateId(), 'delete')
      return strike
    })
    if (!hasText(content) && edit.deleted.openStart === 0 && edit.deleted.openEnd === 0) continue
    const before = tr.doc.content.size
    restoredBlocks ||= content.firstChild?.isBlock === true
    tr.replace(at, at, new Slice(content, edit.deleted.openStart, edit.deleted.openEnd))
    const restored = tr.doc.content.size - before
    if (edit === single && oldState.selection.empty && edit.insertedTo === edit.insertedFrom) {
      // Backspace leaves the cursor before the struck text, Delete after it, so that pressing
      // either again strikes the next character instead of the same one.
      const { head } = oldState.selection
      const step = user[0]!.steps[0] as unknown as { from: number; to: number }
      if (head === step.to) cursor = at
      else if (head === step.from) cursor = at + restored
    }
  }
  if (cursor !== null) tr.setSelection(TextSelection.create(tr.doc, cursor))
  if (!tr.docChanged) return null
  tr.setMeta(proposalModeKey, true)
  // A deleted paragraph break comes back with the paragraph's own id: it is the same paragraph,
  // not a paste. Only then, so that the ids of pasted paragraphs are still renewed.
  return restoredBlocks ? tr.setMeta(PRESERVE_PARAGRAPH_IDS, true) : tr
}

/** The ProseMirror plugin behind {@link ProposalMode}; reads the mode from `storage`. */
export function proposalModePlugin(
  storage: ProposalModeStorage,
  generateId: ProposalIdGenerator = generateParagraphId,
): Plugin {
  return new Plugin({
    key: proposalModeKey,
    appendTransaction(transactions, oldState, newState) {
      if (!storage.enabled || !storage.delegation) return null
      return proposalTransaction(transactions, oldState, newState, storage.delegation, generateId)
    },
  })
}

/**
 * Proposal mode ("track changes" for negotiators): while on, what the delegate types or pastes
 * becomes an insert proposal of their delegation, and what they delete stays, struck, as a
 * delete proposal. Deleting their own pending insertion really deletes it. Text already in a
 * proposal keeps its mark: nobody's edit is ever attributed to another delegation.
 */
export const ProposalMode = Extension.create<ProposalModeOptions, ProposalModeStorage>({
  name: 'proposalMode',

  addOptions() {
    return { generateId: generateParagraphId }
  },

  addStorage() {
    return { enabled: false, delegation: null }
  },

  addCommands() {
    return {
      setProposalMode:
        ({ delegation }) =>
        () => {
          if (!delegation) return false
          this.storage.enabled = true
          this.storage.delegation = delegation
          return true
        },
      unsetProposalMode: () => () => {
        this.storage.enabled = false
        this.storage.delegation = null
        return true
      },
    }
  },

  addProseMirrorPlugins() {
    return [proposalModePlugin(this.storage, this.options.generateId)]
  },
})
