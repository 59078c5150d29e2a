// @vitest-environment happy-dom
import { Editor, type JSONContent } from '@tiptap/core'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import {
  DECLARATION_FIELD,
  declarationExtensions,
  declarationSchema,
  ProposalMode,
  readDeclaration,
} from '../src/index.js'
import { blocksOf, countingIds, settle } from './editorHarness.js'
import { block, proposal, text } from './sampleDeclaration.js'

const editors: Editor[] = []
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy()
})

const draft: JSONContent = {
  type: 'doc',
  content: [
    block('op1', 'operative', 'OP1', text('We commit to growth')),
    block(
      'op2',
      'operative',
      'OP2',
      text('We '),
      text('strongly', proposal('p-usa', 'USA')),
      text(' agree'),
    ),
  ],
}

function editorOf(content: JSONContent = draft, document?: Y.Doc, ids = 'p'): Editor {
  const editor = new Editor({
    element: globalThis.document.createElement('div'),
    extensions: [
      ...declarationExtensions({
        generateId: countingIds('n'),
        ...(document ? { document } : {}),
      }),
      ProposalMode.configure({ generateId: countingIds(ids) }),
    ],
    ...(document ? {} : { content }),
  })
  editors.push(editor)
  return editor
}

const REMOTE = Symbol('remote')

/** Two proposal-mode editors on their own Y.Docs, exchanging updates on `sync()` as a relay would. */
function coEditors(content: JSONContent = draft) {
  const seed = Y.encodeStateAsUpdate(
    prosemirrorJSONToYDoc(declarationSchema, content, DECLARATION_FIELD),
  )
  const docs = [new Y.Doc(), new Y.Doc()] as const
  const outboxes: Uint8Array[][] = [[], []]
  docs.forEach((doc, index) => {
    Y.applyUpdate(doc, seed, REMOTE)
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE) outboxes[index]!.push(update)
    })
  })
  const pair = [editorOf(content, docs[0], 'a'), editorOf(content, docs[1], 'b')] as const
  const sync = async () => {
    await settle()
    while (outboxes[0]!.length > 0 || outboxes[1]!.length > 0) {
      for (const update of outboxes[0]!.splice(0)) Y.applyUpdate(docs[1], update, REMOTE)
      for (const update of outboxes[1]!.splice(0)) Y.applyUpdate(docs[0], update, REMOTE)
      await settle()
    }
  }
  return { editors: pair, docs, sync }
}

/** Document position of `offset` characters into the block with pid `pid`. */
function at(editor: Editor, pid: string, offset = 0): number {
  return blocksOf(editor).find((b) => b.pid === pid)!.pos + 1 + offset
}

/** Types `value` one character at a time, as ProseMirror applies keyboard input. */
function type(editor: Editor, value: string): void {
  for (const char of value) editor.view.dispatch(editor.state.tr.insertText(char))
}

/**
 * Presses Backspace or Delete: the keymaps first (joins, selections), then, as the browser does
 * when no keymap handles the key, the deletion of one character that ProseMirror reads back.
 */
function press(editor: Editor, key: 'Backspace' | 'Delete'): void {
  const { view } = editor
  const event = new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true })
  if (view.someProp('handleKeyDown', (handle) => handle(view, event))) return
  const { from } = view.state.selection
  view.dispatch(
    key === 'Backspace'
      ? view.state.tr.delete(from - 1, from)
      : view.state.tr.delete(from, from + 1),
  )
}

/** The runs of one block: [text, delegation/action/id] or [text] for plain text. */
function runs(editor: Editor, pid: string) {
  const node = editor.state.doc.child(blocksOf(editor).findIndex((b) => b.pid === pid))
  const out: (string | null)[][] = []
  node.forEach((child) => {
    const mark = child.marks.find((m) => m.type.name === 'proposal')
    out.push(
      mark
        ? [child.text!, `${mark.attrs.delegation}/${mark.attrs.action}/${mark.attrs.id}`]
        : [child.text!],
    )
  })
  return out
}

describe('typing in proposal mode', () => {
  test('an insertion becomes one insert proposal of the delegation, extended as you type', () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection(at(editor, 'op1', 13))
    type(editor, 'green ')
    expect(runs(editor, 'op1')).toEqual([
      ['We commit to '],
      ['green ', 'JPN/insert/p0000'],
      ['growth'],
    ])
    expect(editor.getJSON().content![0]!.content![1]!.marks).toEqual([
      proposal('p0000', 'JPN', 'insert', null),
    ])
  })

  test('a second insertion elsewhere is a new proposal', () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection(at(editor, 'op1', 0))
    type(editor, 'A ')
    editor.commands.setTextSelection(at(editor, 'op1', 21))
    type(editor, '!')
    expect(runs(editor, 'op1')).toEqual([
      ['A ', 'JPN/insert/p0000'],
      ['We commit to growth'],
      ['!', 'JPN/insert/p0001'],
    ])
  })

  test('pasted text is an insert proposal, even when it was copied with a proposal mark', () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection(at(editor, 'op1', 19))
    editor.view.pasteHTML(
      '<span data-proposal="p-usa" data-delegation="USA" data-action="insert">and jobs</span>',
    )
    expect(runs(editor, 'op1')).toEqual([['We commit to growth'], ['and jobs', 'JPN/insert/p0000']])
  })

  test("typing inside another delegation's bracket places our own proposal; theirs is unchanged", () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection(at(editor, 'op2', 7)) // We stro|ngly
    type(editor, 'XY')
    expect(runs(editor, 'op2')).toEqual([
      ['We '],
      ['stro', 'USA/insert/p-usa'],
      ['XY', 'JPN/insert/p0000'],
      ['ngly', 'USA/insert/p-usa'],
      [' agree'],
    ])
  })

  test("typing right after another delegation's bracket does not extend it", () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection(at(editor, 'op2', 11)) // We strongly|
    type(editor, 'Z')
    expect(runs(editor, 'op2')).toEqual([
      ['We '],
      ['strongly', 'USA/insert/p-usa'],
      ['Z', 'JPN/insert/p0000'],
      [' agree'],
    ])
  })

  test('Enter splits the paragraph as usual and typing goes on as a proposal', () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection(at(editor, 'op1', 19))
    editor.commands.splitBlock()
    type(editor, 'New')
    expect(blocksOf(editor).map((b) => [b.pid, b.text])).toEqual([
      ['op1', 'We commit to growth'],
      ['n0000', 'New'],
      ['op2', 'We strongly agree'],
    ])
    expect(runs(editor, 'n0000')).toEqual([['New', 'JPN/insert/p0000']])
  })
})

describe('deleting in proposal mode', () => {
  test('Backspace strikes the text instead of deleting it, one bracket as it goes on', () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection(at(editor, 'op1', 19))
    for (let i = 0; i < 3; i++) press(editor, 'Backspace')
    expect(runs(editor, 'op1')).toEqual([['We commit to gro'], ['wth', 'JPN/delete/p0000']])
    expect(editor.state.selection.from).toBe(at(editor, 'op1', 16))
  })

  test('Delete strikes forwards', () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection(at(editor, 'op1', 0))
    for (let i = 0; i < 3; i++) press(editor, 'Delete')
    expect(runs(editor, 'op1')).toEqual([['We ', 'JPN/delete/p0000'], ['commit to growth']])
    expect(editor.state.selection.from).toBe(at(editor, 'op1', 3))
  })

  test('deleting a selection strikes it, and typing over a selection strikes and inserts', () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection({ from: at(editor, 'op1', 3), to: at(editor, 'op1', 9) })
    editor.commands.deleteSelection()
    expect(runs(editor, 'op1')).toEqual([['We '], ['commit', 'JPN/delete/p0000'], [' to growth']])
    editor.commands.setTextSelection({ from: at(editor, 'op1', 13), to: at(editor, 'op1', 19) })
    type(editor, 'jobs')
    expect(runs(editor, 'op1')).toEqual([
      ['We '],
      ['commit', 'JPN/delete/p0000'],
      [' to '],
      ['growth', 'JPN/delete/p0002'],
      ['jobs', 'JPN/insert/p0001'],
    ])
  })

  test('deleting inside your own insertion really deletes it', () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection(at(editor, 'op1', 19))
    type(editor, ' now')
    press(editor, 'Backspace')
    press(editor, 'Backspace')
    expect(runs(editor, 'op1')).toEqual([['We commit to growth'], [' n', 'JPN/insert/p0000']])
    // Past the start of the insertion, Backspace strikes the original text again.
    press(editor, 'Backspace')
    press(editor, 'Backspace')
    press(editor, 'Backspace')
    expect(runs(editor, 'op1')).toEqual([['We commit to growt'], ['h', 'JPN/delete/p0001']])
  })

  test("deleting another delegation's proposal leaves it as it is", () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection({ from: at(editor, 'op2', 0), to: at(editor, 'op2', 17) })
    editor.commands.deleteSelection()
    expect(runs(editor, 'op2')).toEqual([
      ['We ', 'JPN/delete/p0000'],
      ['strongly', 'USA/insert/p-usa'],
      [' agree', 'JPN/delete/p0000'],
    ])
  })

  test('a selection across paragraphs is struck in both, which keep their ids', () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection({ from: at(editor, 'op1', 13), to: at(editor, 'op2', 3) })
    editor.commands.deleteSelection()
    expect(blocksOf(editor).map((b) => [b.pid, b.label, b.text])).toEqual([
      ['op1', 'OP1', 'We commit to growth'],
      ['op2', 'OP2', 'We strongly agree'],
    ])
    expect(runs(editor, 'op1')).toEqual([['We commit to '], ['growth', 'JPN/delete/p0000']])
    expect(runs(editor, 'op2')[0]).toEqual(['We ', 'JPN/delete/p0000'])
  })

  test('Backspace at the start of a paragraph does not join it: the break is kept', () => {
    const editor = editorOf()
    editor.commands.setProposalMode({ delegation: 'JPN' })
    editor.commands.setTextSelection(at(editor, 'op2', 0))
    press(editor, 'Backspace')
    expect(blocksOf(editor).map((b) => [b.pid, b.label, b.text])).toEqual([
      ['op1', 'OP1', 'We commit to growth'],
      ['op2', 'OP2', 'We strongly agree'],
    ])
  })
})

test('with proposal mode off (the default, or after unsetting), editing is plain', () => {
  const editor = editorOf()
  editor.commands.setTextSelection(at(editor, 'op1', 19))
  type(editor, '!')
  editor.commands.setProposalMode({ delegation: 'JPN' })
  editor.commands.unsetProposalMode()
  expect(editor.storage.proposalMode).toEqual({ enabled: false, delegation: null })
  type(editor, '?')
  editor.commands.setTextSelection(at(editor, 'op1', 0))
  press(editor, 'Delete')
  expect(runs(editor, 'op1')).toEqual([['e commit to growth!?']])
})

test('proposals reach the other client and the headless reader through Yjs', async () => {
  const {
    editors: [mine, theirs],
    docs,
    sync,
  } = coEditors()
  mine.commands.setProposalMode({ delegation: 'JPN' })
  theirs.commands.setProposalMode({ delegation: 'USA' })
  mine.commands.setTextSelection(at(mine, 'op1', 19))
  type(mine, ' and jobs')
  mine.commands.setTextSelection({ from: at(mine, 'op1', 0), to: at(mine, 'op1', 3) })
  mine.commands.deleteSelection()
  await sync()

  for (const doc of docs) {
    expect(readDeclaration(doc)[0]).toEqual({
      id: 'op1',
      kind: 'operative',
      label: 'OP1',
      text: 'We commit to growth and jobs',
      proposals: [
        { id: 'a0001', delegation: 'JPN', action: 'delete', alternative: null, text: 'We ' },
        { id: 'a0000', delegation: 'JPN', action: 'insert', alternative: null, text: ' and jobs' },
      ],
    })
  }
  // The other client, itself in proposal mode, shows them as they are: a remote change is
  // never rewritten as a proposal of the client that receives it.
  expect(runs(theirs, 'op1')).toEqual([
    ['We ', 'JPN/delete/a0001'],
    ['commit to growth'],
    [' and jobs', 'JPN/insert/a0000'],
  ])
})

test('plain remote edits arriving while proposal mode is on stay plain', async () => {
  const {
    editors: [mine, theirs],
    docs,
    sync,
  } = coEditors()
  mine.commands.setProposalMode({ delegation: 'JPN' })
  theirs.commands.setTextSelection(at(theirs, 'op1', 19))
  type(theirs, '!')
  theirs.commands.setTextSelection(at(theirs, 'op1', 0))
  press(theirs, 'Delete')
  await sync()
  expect(runs(mine, 'op1')).toEqual([['e commit to growth!']])
  expect(readDeclaration(docs[0])[0]!.proposals).toEqual([])
})

test('undo takes back a proposal whole: the typed text and the struck text', async () => {
  const {
    editors: [mine],
    docs,
    sync,
  } = coEditors()
  mine.commands.setProposalMode({ delegation: 'JPN' })
  mine.commands.setTextSelection(at(mine, 'op1', 19))
  type(mine, '!')
  press(mine, 'Backspace')
  press(mine, 'Backspace')
  expect(runs(mine, 'op1')).toEqual([['We commit to growt'], ['h', 'JPN/delete/a0001']])
  mine.commands.undo()
  await sync()
  expect(runs(mine, 'op1')).toEqual([['We commit to growth']])
  expect(readDeclaration(docs[1])[0]!.proposals).toEqual([])
})
