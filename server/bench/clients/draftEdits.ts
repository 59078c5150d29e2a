import { DECLARATION_FIELD } from '@accord/editor'
import * as Y from 'yjs'
import type { RemoteEditListener } from './BenchClient.js'

// An edit is a marker typed into a paragraph's text: the edit's id and the time it was made.
const MARKER = /⟦(\d+):(\d+(?:\.\d+)?)⟧/g

function marker(id: number, madeAt: number): string {
  return `⟦${id}:${madeAt.toFixed(3)}⟧`
}

/** The text of the paragraph with pid `pid`, or null. */
function paragraphText(doc: Y.Doc, pid: string): Y.XmlText | null {
  for (const child of doc.getXmlFragment(DECLARATION_FIELD).toArray()) {
    if (!(child instanceof Y.XmlElement) || child.getAttribute('pid') !== pid) continue
    const text = child.get(0)
    return text instanceof Y.XmlText ? text : null
  }
  return null
}

/**
 * Edits of a draft as a user types them: each key (a client, or an edit) types its marker at
 * the end of one editable paragraph, picked by the key. With `overwrite`, a key's new marker
 * replaces its last one in the same transaction, so that the draft stays the same size however
 * long the run (workload A); otherwise markers accumulate (workload B).
 */
export class DraftEditor {
  readonly #last = new Map<string, string>()
  readonly #texts = new Map<string, Y.XmlText>()

  constructor(
    readonly doc: Y.Doc,
    readonly editable: readonly string[],
    readonly overwrite: boolean,
  ) {}

  edit(key: string, id: number, madeAt: number): void {
    let hash = 0
    for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) >>> 0
    const pid = this.editable[hash % this.editable.length]!
    let text = this.#texts.get(pid)
    if (!text || text._item?.deleted) {
      text = paragraphText(this.doc, pid) ?? undefined
      if (!text) throw new Error(`the draft has no editable paragraph ${pid}`)
      this.#texts.set(pid, text)
    }
    const target = text
    const next = marker(id, madeAt)
    this.doc.transact(() => {
      const last = this.overwrite ? this.#last.get(key) : undefined
      if (last !== undefined) {
        const at = target.toString().indexOf(last)
        if (at !== -1) target.delete(at, last.length)
      }
      // Explicitly unformatted: typed at the end, it must not extend a neighbour's formatting.
      target.insert(target.length, next, {})
    })
    if (this.overwrite) this.#last.set(key, next)
  }
}

/**
 * Reports every marker that another client typed into the draft, read from the updates the
 * provider applies (a client's own edits carry no origin). Reading the update's strings costs
 * the load generator far less than a deep observer's deltas, which would make the bench measure
 * itself on drafts.
 */
export function observeRemoteDraftEdits(doc: Y.Doc, listener: RemoteEditListener): void {
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin === null) return
    for (const struct of Y.decodeUpdate(update).structs) {
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue
      for (const match of struct.content.str.matchAll(MARKER))
        listener(Number(match[1]), Number(match[2]))
    }
  })
}
