// @vitest-environment happy-dom
import { Editor, type JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import {
  DECLARATION_FIELD,
  declarationExtensions,
  declarationSchema,
  lockedParagraphs,
  ParagraphLocks,
  ProposalMode,
  readDeclaration,
} from '../src/index.js'
import { blocksOf, countingIds, settle } from './editorHarness.js'
import { block, text } from './sampleDeclaration.js'

const editors: Editor[] = []
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy()
})

const draft: JSONContent = {
  type: 'doc',
  content: [
    block('op1', 'operative', 'OP1', text('first')),
    block('op2', 'operative', 'OP2', text('agreed text')),
    block('op3', 'operative', 'OP3', text('third')),
  ],
}

function editorOf(document?: Y.Doc): Editor {
  const editor = new Editor({
    element: globalThis.document.createElement('div'),
    extensions: [
      ...declarationExtensions({
        generateId: countingIds('n'),
        ...(document ? { document } : {}),
      }),
      ParagraphLocks,
      ProposalMode.configure({ generateId: countingIds('p') }),
    ],
    ...(document ? {} : { content: draft }),
  })
  editors.push(editor)
  return editor
}

function lockedEditor(document?: Y.Doc): Editor {
  const editor = editorOf(document)
  editor.commands.setLockedParagraphs(['op2'])
  return editor
}

function at(editor: Editor, pid: string, offset = 0): number {
  return blocksOf(editor).find((b) => b.pid === pid)!.pos + 1 + offset
}

function summary(editor: Editor) {
  return blocksOf(editor).map((b) => [b.pid, b.kind, b.label, b.text])
}

const untouched = [
  ['op1', 'operative', 'OP1', 'first'],
  ['op2', 'operative', 'OP2', 'agreed text'],
  ['op3', 'operative', 'OP3', 'third'],
]

describe('a locked paragraph refuses every local change', () => {
  const attempts: [string, (editor: Editor) => unknown][] = [
    ['typing', (e) => e.view.dispatch(e.state.tr.insertText('x', at(e, 'op2', 3)))],
    ['typing at its start', (e) => e.view.dispatch(e.state.tr.insertText('x', at(e, 'op2', 0)))],
    ['typing at its end', (e) => e.view.dispatch(e.state.tr.insertText('x', at(e, 'op2', 11)))],
    ['deleting text', (e) => e.view.dispatch(e.state.tr.delete(at(e, 'op2', 0), at(e, 'op2', 6)))],
    [
      'deleting a selection that reaches into it',
      (e) =>
        e
          .chain()
          .setTextSelection({ from: at(e, 'op1', 2), to: at(e, 'op2', 2) })
          .deleteSelection()
          .run(),
    ],
    [
      'deleting the whole paragraph',
      (e) => {
        const { pos } = blocksOf(e)[1]!
        e.view.dispatch(e.state.tr.delete(pos, pos + e.state.doc.child(1).nodeSize))
      },
    ],
    [
      'joining it into the one before',
      (e) => e.chain().setTextSelection(at(e, 'op2')).joinBackward().run(),
    ],
    [
      'joining the next one into it',
      (e) => e.chain().setTextSelection(at(e, 'op3')).joinBackward().run(),
    ],
    [
      'joining it forward',
      (e) =>
        e
          .chain()
          .setTextSelection(at(e, 'op2', 11))
          .joinForward()
          .run(),
    ],
    [
      'splitting it',
      (e) =>
        e
          .chain()
          .setTextSelection(at(e, 'op2', 6))
          .splitBlock()
          .run(),
    ],
    [
      'changing its kind',
      (e) =>
        e
          .chain()
          .setTextSelection(at(e, 'op2', 1))
          .updateAttributes('paragraph', { kind: 'preambular' })
          .run(),
    ],
    [
      'setting an attribute step',
      (e) => e.view.dispatch(e.state.tr.setNodeAttribute(blocksOf(e)[1]!.pos, 'label', 'OP9')),
    ],
    [
      'making it bold',
      (e) =>
        e
          .chain()
          .setTextSelection({ from: at(e, 'op2', 0), to: at(e, 'op2', 6) })
          .setBold()
          .run(),
    ],
    [
      'typing in proposal mode',
      (e) => {
        e.commands.setProposalMode({ delegation: 'JPN' })
        e.view.dispatch(e.state.tr.insertText('x', at(e, 'op2', 3)))
      },
    ],
  ]

  test.each(attempts)('%s', (_name, attempt) => {
    const editor = lockedEditor()
    const before = editor.getJSON()
    attempt(editor)
    expect(editor.getJSON()).toEqual(before)
    expect(summary(editor)).toEqual(untouched)
  })
})

test('other paragraphs still edit, including new paragraphs beside the locked one', () => {
  const editor = lockedEditor()
  editor.view.dispatch(editor.state.tr.insertText('!', at(editor, 'op1', 5)))
  editor
    .chain()
    .setTextSelection(at(editor, 'op1', 6))
    .splitBlock()
    .run()
  editor.view.dispatch(editor.state.tr.insertText('new'))
  editor.view.dispatch(editor.state.tr.delete(at(editor, 'op3', 0), at(editor, 'op3', 2)))
  expect(summary(editor)).toEqual([
    ['op1', 'operative', 'OP1', 'first!'],
    ['n0000', 'operative', 'OP1bis', 'new'],
    ['op2', 'operative', 'OP2', 'agreed text'],
    ['op3', 'operative', 'OP3', 'ird'],
  ])
})

test('locked paragraphs carry the class paragraph-locked and aria-readonly', () => {
  const editor = lockedEditor()
  const locked = [...editor.view.dom.querySelectorAll('.paragraph-locked')]
  expect(locked.map((element) => element.getAttribute('data-pid'))).toEqual(['op2'])
  expect(locked[0]!.getAttribute('aria-readonly')).toBe('true')
  expect([...lockedParagraphs(editor.state)]).toEqual(['op2'])
  // The decoration is not part of the document: the HTML others read has no trace of it.
  expect(editor.getHTML()).not.toContain('paragraph-locked')
})

test('unlocking restores editing', () => {
  const editor = lockedEditor()
  editor.commands.setLockedParagraphs([])
  editor.view.dispatch(editor.state.tr.insertText('x', at(editor, 'op2', 0)))
  expect(summary(editor)[1]).toEqual(['op2', 'operative', 'OP2', 'xagreed text'])
  expect(editor.view.dom.querySelector('.paragraph-locked')).toBeNull()
})

test('remote changes to a locked paragraph still apply', async () => {
  const seed = Y.encodeStateAsUpdate(
    prosemirrorJSONToYDoc(declarationSchema, draft, DECLARATION_FIELD),
  )
  const [mine, theirs] = [new Y.Doc(), new Y.Doc()]
  for (const doc of [mine, theirs]) Y.applyUpdate(doc, seed)
  const editor = lockedEditor(mine)
  const other = editorOf(theirs) // not locked, e.g. the server restoring agreed text
  other.view.dispatch(other.state.tr.insertText('re-', at(other, 'op2', 0)))
  Y.applyUpdate(mine, Y.encodeStateAsUpdate(theirs, Y.encodeStateVector(mine)))
  await settle()
  expect(summary(editor)[1]).toEqual(['op2', 'operative', 'OP2', 're-agreed text'])
  expect(readDeclaration(mine)[1]!.text).toBe('re-agreed text')
  // Still locked after the remote change, for the next local edit.
  editor.view.dispatch(editor.state.tr.insertText('x', at(editor, 'op2', 0)))
  expect(summary(editor)[1]![3]).toBe('re-agreed text')
  expect(editor.view.dom.querySelector('.paragraph-locked')?.getAttribute('data-pid')).toBe('op2')
})
