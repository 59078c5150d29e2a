import {
  DECLARATION_FIELD,
  identityOf,
  isCanonicalMarkKey,
  MAX_BLOCK_DEPTH,
  markNameOfKey,
  PROPOSAL_MARK,
  type ProposalAttributes,
  proposalOf,
  unsealIdentity,
} from '@accord/editor'
import * as Y from 'yjs'

/** What a transaction did to a run of characters. */
export type Presence = 'kept' | 'inserted' | 'deleted'

/** A run of characters (one Yjs item) of a text the transaction touched. */
export interface CharRun {
  readonly text: Y.XmlText
  readonly presence: Presence
  readonly str: string
  readonly id: Y.ID
  /** Formatting in effect before the transaction (kept and deleted runs). */
  readonly before: Readonly<Record<string, unknown>>
  /** Formatting in effect after it (kept and inserted runs). */
  readonly after: Readonly<Record<string, unknown>>
  /** Whether the format item that decides the run's proposal after was written by this transaction. */
  readonly proposalWrittenHere: boolean
  /**
   * For inserted text: the proposal in effect where the sender typed it, read at the character it
   * was typed after, as the draft stood before (null: clean text; undefined: not known). Another
   * party's formatting marker, ordered in between by concurrency, can give the words a proposal
   * the sender never saw there.
   */
  readonly typedUnder?: ProposalAttributes | null
}

/** One touched text, its runs in reading order, and the top-level block that holds it. */
export interface TouchedText {
  readonly text: Y.XmlText
  readonly block: Y.XmlElement | null
  /** False when the text itself went with a deleted element: its runs cannot be put back in place. */
  readonly surviving: boolean
  readonly runs: CharRun[]
}

/** A top-level block the transaction deleted, as it was. */
export interface RemovedBlock {
  readonly element: Y.XmlElement
  /** Its item: a relative position at it finds where it stood. */
  readonly id: Y.ID
  readonly attributes: Record<string, unknown>
  /** Its text children as they were, in order (read now: Yjs drops them when it collects). */
  readonly texts: Y.XmlText[]
}

/** What one transaction changed in a draft's text, read from the transaction itself. */
export interface DraftChange {
  readonly texts: TouchedText[]
  /** Formatting keys the transaction wrote that no honest editor writes. */
  readonly foreignKeys: string[]
  /** Whether the transaction added elements nested deeper than the reader reads. */
  readonly tooDeep: boolean
  /** Every proposal mark the transaction itself wrote. */
  readonly writtenProposals: ProposalAttributes[]
  /** Top-level blocks the transaction deleted; their texts are among `texts`, not surviving. */
  readonly removedBlocks: RemovedBlock[]
  /** The Yjs client ids the transaction added structs under (whoever wrote them). */
  readonly clients: number[]
  /**
   * The ids claimed by every top-level block the transaction touched in any way (text,
   * attributes, added, removed); null when some change could not be placed in a block.
   */
  readonly touchedParagraphs: ReadonlySet<string> | null
}

type Transaction = Y.Transaction

function isNew(tr: Transaction, id: Y.ID): boolean {
  return id.clock >= (tr.beforeState.get(id.client) ?? 0)
}

function presentBefore(tr: Transaction, item: Y.Item): boolean {
  return !isNew(tr, item.id) && (!item.deleted || Y.isDeleted(tr.deleteSet, item.id))
}

function setFormat(attributes: Record<string, unknown>, key: string, value: unknown): void {
  if (value === null || value === undefined) delete attributes[key]
  else attributes[key] = value
}

/**
 * Where a type sits in the draft: its top-level block and its depth below it, or null when it is
 * not part of the declaration. Bounded: a chain longer than the reader reads is `deep`.
 */
function placeOf(
  fragment: Y.XmlFragment,
  type: Y.AbstractType<unknown>,
): { block: Y.XmlElement | null; depth: number; deep: boolean } | null {
  let current: Y.AbstractType<unknown> = type
  let child: Y.AbstractType<unknown> | null = null
  let hops = 0
  while (current !== fragment) {
    const item = current._item
    if (!item || hops > MAX_BLOCK_DEPTH + 2) {
      return item ? { block: null, depth: hops, deep: true } : null
    }
    child = current
    current = item.parent as Y.AbstractType<unknown>
    hops++
  }
  return {
    block: child instanceof Y.XmlElement ? child : null,
    depth: hops,
    deep: false,
  }
}

/**
 * Reads what a transaction did to the draft, from inside `afterTransaction` (before Yjs
 * garbage-collects deleted content): every touched text as runs kept, inserted or deleted, with
 * the formatting before and after. Only what the transaction touched is read.
 */
export function readDraftChange(tr: Transaction): DraftChange {
  const fragment = tr.doc.getXmlFragment(DECLARATION_FIELD)
  const texts = new Map<Y.XmlText, TouchedText>()
  const foreignKeys = new Set<string>()
  const writtenProposals: ProposalAttributes[] = []
  let tooDeep = false
  const removedBlocks: RemovedBlock[] = []
  let touchedParagraphs: Set<string> | null = new Set<string>()
  const touch = (block: Y.XmlElement | null, attributes?: Record<string, unknown>) => {
    if (!block || !touchedParagraphs) return
    const pid = attributes ? pidOf(attributes) : identityOf(block).id
    if (pid) touchedParagraphs.add(pid)
  }

  const readText = (text: Y.XmlText, block: Y.XmlElement | null, surviving: boolean) => {
    if (texts.has(text)) return
    const before: Record<string, unknown> = {}
    const after: Record<string, unknown> = {}
    let writtenHere = false
    // The proposal in effect just after each item, as the draft stood before; for new words,
    // the proposal where they were typed.
    let proposalBefore: ProposalAttributes | null = null
    const proposalAfterItem = new Map<Y.Item, ProposalAttributes | null | undefined>()
    const runs: CharRun[] = []
    for (let item = text._start; item !== null; item = item.right) {
      const wasThere = presentBefore(tr, item)
      const isThere = !item.deleted
      const content = item.content
      if (content instanceof Y.ContentFormat) {
        const isProposal = markNameOfKey(content.key) === PROPOSAL_MARK
        if (wasThere) {
          setFormat(before, content.key, content.value)
          if (isProposal) proposalBefore = proposalOf(before)
        }
        if (isThere) {
          setFormat(after, content.key, content.value)
          if (isProposal) writtenHere = isNew(tr, item.id)
          if (isNew(tr, item.id) && content.value !== null) {
            if (!isCanonicalMarkKey(content.key)) foreignKeys.add(content.key)
            const written = proposalOf({ [content.key]: content.value })
            if (written) writtenProposals.push(written)
          }
        }
        if (!isNew(tr, item.id)) proposalAfterItem.set(item, proposalBefore)
        else if (isProposal)
          proposalAfterItem.set(item, proposalOf({ [content.key]: content.value }))
      } else if (content instanceof Y.ContentString && (wasThere || isThere)) {
        const presence: Presence = wasThere && isThere ? 'kept' : isThere ? 'inserted' : 'deleted'
        let typedUnder: ProposalAttributes | null | undefined
        if (presence === 'inserted') {
          const origin = item.origin
          typedUnder =
            origin === null
              ? null
              : proposalAfterItem.get(Y.getItem(tr.doc.store, origin) as Y.Item)
          proposalAfterItem.set(item, writtenHere ? proposalOf(after) : typedUnder)
        } else {
          proposalAfterItem.set(item, proposalBefore)
        }
        runs.push({
          text,
          presence,
          str: content.str,
          id: item.id,
          before: { ...before },
          after: { ...after },
          proposalWrittenHere: writtenHere,
          ...(presence === 'inserted' ? { typedUnder } : {}),
        })
      } else if (!isNew(tr, item.id)) {
        proposalAfterItem.set(item, proposalBefore)
      }
    }
    texts.set(text, { text, block, surviving, runs })
  }

  // A child type added or removed by this transaction: read all of it, without recursion.
  const readSubtree = (
    root: Y.AbstractType<unknown>,
    block: Y.XmlElement | null,
    depth: number,
    added: boolean,
  ) => {
    const stack: { type: Y.AbstractType<unknown>; depth: number }[] = [{ type: root, depth }]
    while (stack.length > 0) {
      const { type, depth: at } = stack.pop()!
      if (type instanceof Y.XmlText) {
        readText(type, block ?? null, added)
        continue
      }
      if (at > MAX_BLOCK_DEPTH) {
        if (added) tooDeep = true
        continue
      }
      for (let item = type._start; item !== null; item = item.right) {
        if (
          item.content instanceof Y.ContentType &&
          (added ? !item.deleted : presentBefore(tr, item))
        )
          stack.push({ type: item.content.type as Y.AbstractType<unknown>, depth: at + 1 })
      }
    }
  }

  for (const type of tr.changed.keys()) {
    const place = placeOf(fragment, type as Y.AbstractType<unknown>)
    if (!place) continue
    if (place.deep) {
      touchedParagraphs = null
      continue
    }
    touch(place.block)
    if (type instanceof Y.XmlText) readText(type, place.block, true)
    for (let item = type._start; item !== null; item = item.right) {
      if (!(item.content instanceof Y.ContentType)) continue
      const child = item.content.type as Y.AbstractType<unknown>
      const block = place.block ?? (child instanceof Y.XmlElement ? child : null)
      if (isNew(tr, item.id) && !item.deleted) {
        touch(block)
        if (place.depth + 1 > MAX_BLOCK_DEPTH + 1) tooDeep = true
        else if (child instanceof Y.XmlText) readText(child, place.block, true)
        else readSubtree(child, block, place.depth + 1, true)
      } else if (!isNew(tr, item.id) && item.deleted && Y.isDeleted(tr.deleteSet, item.id)) {
        readSubtree(child, block, place.depth + 1, false)
        if ((type as unknown) === fragment && child instanceof Y.XmlElement) {
          touch(child, attributesBefore(child))
          removedBlocks.push({
            element: child,
            id: item.id,
            attributes: attributesBefore(child),
            texts: textChildrenBefore(tr, child),
          })
        }
      }
    }
  }
  return {
    texts: [...texts.values()],
    foreignKeys: [...foreignKeys],
    tooDeep,
    writtenProposals,
    removedBlocks,
    touchedParagraphs,
    clients: [...tr.afterState]
      .filter(([client, clock]) => clock > (tr.beforeState.get(client) ?? 0))
      .map(([client]) => client),
  }
}

/** The paragraph id stored attributes name: the seal's, else the pid. */
function pidOf(attributes: Record<string, unknown>): string {
  const sealed = unsealIdentity(attributes.identity)
  if (sealed) return sealed.pid
  return typeof attributes.pid === 'string' ? attributes.pid : ''
}

/** The text children a (just deleted) block had before the transaction, in order. */
function textChildrenBefore(tr: Transaction, element: Y.XmlElement): Y.XmlText[] {
  const texts: Y.XmlText[] = []
  for (let item = element._start; item !== null; item = item.right) {
    if (item.content instanceof Y.ContentType && item.content.type instanceof Y.XmlText)
      if (presentBefore(tr, item)) texts.push(item.content.type)
  }
  return texts
}

/** The attributes a block had, read from its (possibly just deleted) attribute items. */
function attributesBefore(element: Y.XmlElement): Record<string, unknown> {
  const attributes: Record<string, unknown> = {}
  for (const [key, item] of element._map) {
    if (item.content instanceof Y.ContentAny) attributes[key] = item.content.arr.at(-1)
  }
  return attributes
}

/**
 * Watches a draft document's transactions so that the rules can judge the next one: `arm`
 * before an update is applied, `take` after it to get what that update changed.
 */
export class DraftChangeWatcher {
  static readonly #watchers = new WeakMap<Y.Doc, DraftChangeWatcher>()
  #armed = false
  #change: DraftChange | Error | null = null

  /** The watcher of `doc`, attached on first use. */
  static of(doc: Y.Doc): DraftChangeWatcher {
    let watcher = DraftChangeWatcher.#watchers.get(doc)
    if (!watcher) {
      const created = new DraftChangeWatcher()
      doc.on('afterTransaction', (tr: Transaction) => created.#observe(tr))
      DraftChangeWatcher.#watchers.set(doc, created)
      watcher = created
    }
    return watcher
  }

  #observe(tr: Transaction): void {
    if (!this.#armed) return
    this.#armed = false
    try {
      this.#change = readDraftChange(tr)
    } catch (error) {
      // Never throw inside Yjs's cleanup; the rules refuse an update they could not read.
      this.#change = error instanceof Error ? error : new Error(String(error))
    }
  }

  /** Reads the next transaction of the document. */
  arm(): void {
    this.#armed = true
    this.#change = null
  }

  /** What the armed transaction changed; null if none ran. Throws what reading it threw. */
  take(): DraftChange | null {
    this.#armed = false
    const change = this.#change
    this.#change = null
    if (change instanceof Error) throw change
    return change
  }
}
