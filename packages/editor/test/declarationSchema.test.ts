import { Node } from '@tiptap/pm/model'
import { prosemirrorJSONToYDoc, yXmlFragmentToProseMirrorRootNode } from '@tiptap/y-tiptap'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { DECLARATION_FIELD, declarationExtensions, declarationSchema } from '../src/index.js'
import { sampleDeclaration } from './sampleDeclaration.js'

// This file runs in plain Node: the schema is what the server validates and reads with.

/** The sample as ProseMirror serialises it: every attribute present, `identity` still unset. */
function normalised(json: typeof sampleDeclaration) {
  return {
    ...json,
    content: json.content!.map((block) => ({
      ...block,
      attrs: { ...block.attrs, identity: null },
    })),
  }
}

test('builds without a browser', () => {
  expect(typeof document).toBe('undefined')
  expect(Object.keys(declarationSchema.nodes).sort()).toEqual(['doc', 'paragraph', 'text'])
  expect(declarationSchema.topNodeType.name).toBe('doc')
  expect(Object.keys(declarationSchema.marks).sort()).toEqual(['bold', 'italic', 'proposal'])
  // The collaborative list builds headless too; it only adds plugins, never schema.
  expect(declarationExtensions({ document: new Y.Doc() }).length).toBeGreaterThan(
    declarationExtensions().length,
  )
})

test('every top-level block carries pid, kind and label', () => {
  const empty = declarationSchema.topNodeType.createAndFill()!
  expect(empty.firstChild!.attrs).toEqual({
    pid: null,
    kind: 'operative',
    label: '',
    identity: null,
  })
  expect(declarationSchema.marks.proposal!.create({ id: 'p', delegation: 'JPN' }).attrs).toEqual({
    id: 'p',
    delegation: 'JPN',
    action: 'insert',
    alternative: null,
  })
})

test('a sample declaration round-trips through JSON', () => {
  const doc = Node.fromJSON(declarationSchema, sampleDeclaration)
  doc.check()
  expect(doc.toJSON()).toEqual(normalised(sampleDeclaration))
})

test('a sample declaration round-trips through Yjs', () => {
  const ydoc = prosemirrorJSONToYDoc(declarationSchema, sampleDeclaration, DECLARATION_FIELD)
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(ydoc))
  const back = yXmlFragmentToProseMirrorRootNode(
    copy.getXmlFragment(DECLARATION_FIELD),
    declarationSchema,
  )
  expect(back.toJSON()).toEqual(normalised(sampleDeclaration))
})
