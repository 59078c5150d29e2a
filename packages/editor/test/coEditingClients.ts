import type { Editor, JSONContent } from '@tiptap/core'
import {
  prosemirrorJSONToYDoc,
  yUndoPluginKey,
  yXmlFragmentToProseMirrorRootNode,
} from '@tiptap/y-tiptap'
import * as Y from 'yjs'
import { DECLARATION_FIELD, declarationSchema } from '../src/index.js'
import { countingIds, createEditor, settle } from './editorHarness.js'

const REMOTE = Symbol('remote')

/**
 * Two TipTap editors, each bound to its own Y.Doc, kept in sync by exchanging Yjs updates the
 * way a relay would. Updates are queued until `sync()`, so steps between syncs are concurrent.
 */
export class CoEditingClients {
  readonly docs: [Y.Doc, Y.Doc]
  readonly editors: [Editor, Editor]
  private readonly outboxes: [Uint8Array[], Uint8Array[]] = [[], []]

  /**
   * `clientIds` fixes the Yjs client ids, which decide who wins concurrent writes: random ids
   * would make a failing run impossible to replay.
   */
  constructor(initial: JSONContent, clientIds: readonly [number, number] = [1, 2]) {
    const seed = Y.encodeStateAsUpdate(
      prosemirrorJSONToYDoc(declarationSchema, initial, DECLARATION_FIELD),
    )
    this.docs = [new Y.Doc(), new Y.Doc()]
    this.docs.forEach((doc, index) => {
      doc.clientID = clientIds[index]!
      Y.applyUpdate(doc, seed, REMOTE)
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== REMOTE) this.outboxes[index as 0 | 1].push(update)
      })
    })
    this.editors = [
      createEditor({ document: this.docs[0], generateId: countingIds('a') }),
      createEditor({ document: this.docs[1], generateId: countingIds('b') }),
    ]
  }

  /** Delivers every queued update, including those the deliveries cause, until quiet. */
  async sync(): Promise<void> {
    await settle()
    for (let round = 0; this.outboxes[0].length > 0 || this.outboxes[1].length > 0; round++) {
      // Repairs answer repairs at most a few times; more means two clients fight over an id.
      if (round > 20) throw new Error('the clients keep repairing each other and never settle')
      for (const [from, to] of [
        [0, 1],
        [1, 0],
      ] as const) {
        for (const update of this.outboxes[from].splice(0))
          Y.applyUpdate(this.docs[to], update, REMOTE)
      }
      await settle()
    }
  }

  /** Ends the current undo capture, so that each step is its own undo item. */
  stopCapturing(): void {
    for (const editor of this.editors)
      yUndoPluginKey.getState(editor.state)?.undoManager.stopCapturing()
  }

  /** The ProseMirror JSON held by client `index`'s Y.Doc. */
  yJSON(index: 0 | 1): JSONContent {
    return yXmlFragmentToProseMirrorRootNode(
      this.docs[index].getXmlFragment(DECLARATION_FIELD),
      declarationSchema,
    ).toJSON()
  }

  destroy(): void {
    for (const editor of this.editors) editor.destroy()
  }
}
