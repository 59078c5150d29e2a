// @vitest-environment happy-dom
import type { Editor } from '@tiptap/core'
import { prosemirrorJSONToYDoc } from '@tiptap/y-tiptap'
import { afterEach, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import {
  declarationSchema,
  PRESERVE_PARAGRAPH_IDS,
  readDeclaration,
  sealIdentity,
} from '../src/index.js'
import { blocksOf, countingIds, createEditor, settle } from './editorHarness.js'
import { block, sealed, text } from './sampleDeclaration.js'

const editors: Editor[] = []
afterEach(() => {
  for (const editor of editors.splice(0)) editor.destroy()
})

const draft = {
  type: 'doc',
  content: [
    block('title', 'title', '', text('Declaration')),
    block('pp1', 'preambular', 'PP1', text('Recalling')),
    block('op1', 'operative', 'OP1', text('abcdef')),
    block('op2', 'operative', 'OP2', text('ghijkl')),
  ],
}

function editorOf(content = draft, document?: Y.Doc): Editor {
  const editor = createEditor({
    content,
    generateId: countingIds('n'),
    ...(document ? { document } : {}),
  })
  editors.push(editor)
  return editor
}

/** [pid, label, text] of every block: the shape the rules below talk about. */
function summary(editor: Editor) {
  return blocksOf(editor).map((b) => [b.pid, b.label, b.text])
}

/** Document position of `offset` characters into the block with pid `pid`. */
function at(editor: Editor, pid: string, offset = 0): number {
  return blocksOf(editor).find((b) => b.pid === pid)!.pos + 1 + offset
}

describe('splitting (Enter)', () => {
  test('in the middle: the first half keeps the id, the second is new and labelled after it', () => {
    const editor = editorOf()
    editor
      .chain()
      .setTextSelection(at(editor, 'op1', 3))
      .splitBlock()
      .run()
    expect(summary(editor).slice(2)).toEqual([
      ['op1', 'OP1', 'abc'],
      ['n0000', 'OP1bis', 'def'],
      ['op2', 'OP2', 'ghijkl'],
    ])
    expect(blocksOf(editor)[3]!.kind).toBe('operative')
  })

  test('near the start: the first part still keeps the id', () => {
    const editor = editorOf()
    editor
      .chain()
      .setTextSelection(at(editor, 'op1', 1))
      .splitBlock()
      .run()
    expect(summary(editor).slice(2, 4)).toEqual([
      ['op1', 'OP1', 'a'],
      ['n0000', 'OP1bis', 'bcdef'],
    ])
  })

  test('at the very start: the text keeps the id, the empty block above is new', () => {
    const editor = editorOf()
    editor.chain().setTextSelection(at(editor, 'op1')).splitBlock().run()
    expect(summary(editor).slice(2)).toEqual([
      ['n0000', 'OP0bis', ''],
      ['op1', 'OP1', 'abcdef'],
      ['op2', 'OP2', 'ghijkl'],
    ])
  })

  test('at the end of the last paragraph: the new one takes the next number', () => {
    const editor = editorOf()
    editor
      .chain()
      .setTextSelection(at(editor, 'op2', 6))
      .splitBlock()
      .run()
    expect(summary(editor).at(-1)).toEqual(['n0000', 'OP3', ''])
  })

  test('twice after the same paragraph: bis, then ter', () => {
    const editor = editorOf()
    editor
      .chain()
      .setTextSelection(at(editor, 'op1', 6))
      .splitBlock()
      .run()
    editor.chain().setTextSelection(at(editor, 'n0000')).insertContent('x').run()
    editor.commands.splitBlock()
    expect(summary(editor).slice(2, 5)).toEqual([
      ['op1', 'OP1', 'abcdef'],
      ['n0000', 'OP1bis', 'x'],
      ['n0001', 'OP1ter', ''],
    ])
  })

  test('an unlabelled kind stays unlabelled', () => {
    const editor = editorOf()
    editor
      .chain()
      .setTextSelection(at(editor, 'title', 4))
      .splitBlock()
      .run()
    expect(blocksOf(editor).slice(0, 2)).toMatchObject([
      { pid: 'title', kind: 'title', label: '' },
      { pid: 'n0000', kind: 'title', label: '' },
    ])
  })
})

describe('joining (Backspace, Delete)', () => {
  test('joinBackward keeps the id of the block that survives', () => {
    const editor = editorOf()
    editor.chain().setTextSelection(at(editor, 'op2')).joinBackward().run()
    expect(summary(editor).slice(2)).toEqual([['op1', 'OP1', 'abcdefghijkl']])
  })

  test('joinForward keeps the id of the block that survives', () => {
    const editor = editorOf()
    editor
      .chain()
      .setTextSelection(at(editor, 'op1', 6))
      .joinForward()
      .run()
    expect(summary(editor).slice(2)).toEqual([['op1', 'OP1', 'abcdefghijkl']])
  })

  test('a joined-away id is not handed out again', () => {
    const editor = editorOf()
    editor.chain().setTextSelection(at(editor, 'op2')).joinBackward().run()
    editor
      .chain()
      .setTextSelection(at(editor, 'op1', 3))
      .splitBlock()
      .run()
    expect(blocksOf(editor).map((b) => b.pid)).toEqual(['title', 'pp1', 'op1', 'n0000'])
  })
})

describe('pasting', () => {
  test('a pasted copy gets a new id and label, even pasted before the original', () => {
    const editor = editorOf()
    editor.commands.insertContentAt(
      at(editor, 'op1') - 1,
      block('op2', 'operative', 'OP2', text('ghijkl')),
    )
    expect(summary(editor).slice(2)).toEqual([
      ['n0000', 'OP0bis', 'ghijkl'],
      ['op1', 'OP1', 'abcdef'],
      ['op2', 'OP2', 'ghijkl'],
    ])
  })

  test('a copy of a deleted paragraph does not bring its id back', () => {
    const editor = editorOf()
    editor.chain().setTextSelection(at(editor, 'op2')).joinBackward().run()
    editor.commands.insertContentAt(
      editor.state.doc.content.size,
      block('op2', 'operative', 'OP2', text('ghijkl')),
    )
    expect(summary(editor).at(-1)).toEqual(['n0000', 'OP2', 'ghijkl'])
  })

  test('several pasted blocks are labelled in order', () => {
    const editor = editorOf()
    editor.commands.insertContentAt(at(editor, 'op2') - 1, [
      block('op1', 'operative', 'OP1', text('one')),
      block('op1', 'operative', 'OP1', text('two')),
    ])
    expect(summary(editor).slice(2)).toEqual([
      ['op1', 'OP1', 'abcdef'],
      ['n0000', 'OP1bis', 'one'],
      ['n0001', 'OP1ter', 'two'],
      ['op2', 'OP2', 'ghijkl'],
    ])
  })

  test('moving a paragraph in one transaction (drag and drop) keeps its id', () => {
    const editor = editorOf()
    const op2 = blocksOf(editor).find((b) => b.pid === 'op2')!
    const node = editor.state.doc.nodeAt(op2.pos)!
    const tr = editor.state.tr.delete(op2.pos, op2.pos + node.nodeSize)
    editor.view.dispatch(tr.insert(at(editor, 'op1') - 1, node))
    expect(summary(editor).slice(2)).toEqual([
      ['op2', 'OP2', 'ghijkl'],
      ['op1', 'OP1', 'abcdef'],
    ])
  })

  test('plain HTML without ids gets ids', () => {
    const editor = editorOf()
    editor.commands.insertContentAt(editor.state.doc.content.size, '<p>pasted</p>')
    expect(summary(editor).at(-1)).toEqual(['n0000', 'OP3', 'pasted'])
  })

  test('loading a saved declaration keeps its ids when asked to', () => {
    const editor = editorOf()
    const saved = { type: 'doc', content: [block('saved1', 'operative', 'OP9', text('kept'))] }
    editor.chain().setMeta(PRESERVE_PARAGRAPH_IDS, true).setContent(saved).run()
    expect(summary(editor)).toEqual([['saved1', 'OP9', 'kept']])
  })
})

test('changing the kind of a paragraph gives it a label of its new kind', () => {
  const editor = editorOf()
  editor
    .chain()
    .setTextSelection(at(editor, 'op1', 1))
    .updateAttributes('paragraph', { kind: 'preambular' })
    .run()
  expect(blocksOf(editor)[2]).toMatchObject({ pid: 'op1', kind: 'preambular', label: 'PP2' })
})

describe('with Yjs', () => {
  function ydocOf(content: typeof draft): Y.Doc {
    const ydoc = new Y.Doc()
    const seed = prosemirrorJSONToYDoc(declarationSchema, content, 'default')
    Y.applyUpdate(ydoc, Y.encodeStateAsUpdate(seed))
    return ydoc
  }

  function collaborative(content = sealed(draft) as typeof draft) {
    const ydoc = ydocOf(content)
    return { editor: editorOf(undefined, ydoc), ydoc }
  }

  test('a valid document written elsewhere is not touched on load, sealed or not', async () => {
    for (const content of [draft, sealed(draft) as typeof draft]) {
      const ydoc = ydocOf(content)
      let updates = 0
      ydoc.on('update', () => updates++)
      editorOf(undefined, ydoc)
      await settle()
      // Any write here would be an edit of every paragraph, agreed ones included.
      expect(updates).toBe(0)
    }
  })

  test('an unsealed block that needs a repair is sealed with it', async () => {
    const { editor, ydoc } = collaborative(draft)
    await settle()
    const element = ydoc.getXmlFragment('default').get(3) as Y.XmlElement
    element.setAttribute('pid', 'op1')
    await settle()
    expect(blocksOf(editor).map((b) => b.pid)).toEqual(['title', 'pp1', 'op1', 'n0000'])
    expect(element.getAttribute('identity')).toBe(
      sealIdentity({ pid: 'n0000', kind: 'operative', label: 'OP2' }),
    )
  })

  test('undo restores the old ids: a split is undone, a join is undone', async () => {
    const { editor, ydoc } = collaborative()
    await settle()
    const before = summary(editor)
    editor
      .chain()
      .setTextSelection(at(editor, 'op1', 3))
      .splitBlock()
      .run()
    expect(summary(editor)).toHaveLength(5)
    editor.commands.undo()
    await settle()
    expect(summary(editor)).toEqual(before)

    editor.chain().setTextSelection(at(editor, 'op2')).joinBackward().run()
    expect(summary(editor).map(([pid]) => pid)).not.toContain('op2')
    editor.commands.undo()
    await settle()
    expect(summary(editor)).toEqual(before)
    expect(readDeclaration(ydoc).map((p) => [p.id, p.label, p.text])).toEqual(before)
  })

  test('duplicate ids arriving from Yjs are repaired, and the repair reaches Yjs', async () => {
    const { editor, ydoc } = collaborative()
    await settle()
    // A raw client duplicates OP1 (same pid, sealed as itself) behind OP2.
    const fragment = ydoc.getXmlFragment('default')
    const copy = new Y.XmlElement('paragraph')
    copy.setAttribute('pid', 'op1')
    copy.setAttribute('kind', 'operative')
    copy.setAttribute('label', 'OP1')
    copy.setAttribute('identity', sealIdentity({ pid: 'op1', kind: 'operative', label: 'OP1' }))
    copy.insert(0, [new Y.XmlText('copy')])
    fragment.insert(fragment.length, [copy])
    await settle()
    expect(summary(editor).slice(2)).toEqual([
      ['op1', 'OP1', 'abcdef'],
      ['op2', 'OP2', 'ghijkl'],
      ['n0000', 'OP3', 'copy'],
    ])
    expect(readDeclaration(ydoc).map((p) => p.id)).toEqual(['title', 'pp1', 'op1', 'op2', 'n0000'])
  })

  test('attributes that disagree with the seal are restored from it', async () => {
    const { editor, ydoc } = collaborative()
    await settle()
    const element = ydoc.getXmlFragment('default').get(2) as Y.XmlElement
    expect(element.getAttribute('identity')).toBe(
      sealIdentity({ pid: 'op1', kind: 'operative', label: 'OP1' }),
    )
    // What a merge of two clients' writes can leave behind: one client's kind and label.
    element.setAttribute('kind', 'preambular')
    element.setAttribute('label', 'PP0bis')
    await settle()
    expect(blocksOf(editor)[2]).toMatchObject({ pid: 'op1', kind: 'operative', label: 'OP1' })
    expect(element.getAttribute('kind')).toBe('operative')
  })
})
