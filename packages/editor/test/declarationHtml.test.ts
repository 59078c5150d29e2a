// @vitest-environment happy-dom
import { generateHTML, generateJSON } from '@tiptap/core'
import { expect, test } from 'vitest'
import { declarationExtensions } from '../src/index.js'
import { block, proposal, sampleDeclaration, text } from './sampleDeclaration.js'

const extensions = declarationExtensions()

test('a proposal renders as a span tagged with its delegation', () => {
  const html = generateHTML(
    {
      type: 'doc',
      content: [
        block(
          'op10000000000000',
          'operative',
          'OP1',
          text('Commit to '),
          text('promote', proposal('p-bra-1', 'BRA', 'insert', 1)),
          text(' for all', proposal('p-usa-1', 'USA', 'delete')),
        ),
      ],
    },
    extensions,
  )
  expect(html).toBe(
    '<p data-pid="op10000000000000" data-kind="operative" data-label="OP1" class="paragraph paragraph-operative">' +
      'Commit to ' +
      '<span data-proposal="p-bra-1" data-delegation="BRA" data-action="insert" data-alternative="1" class="proposal proposal-insert">promote</span>' +
      '<span data-proposal="p-usa-1" data-delegation="USA" data-action="delete" class="proposal proposal-delete"> for all</span>' +
      '</p>',
  )
})

test('title and headings render as headings', () => {
  const html = generateHTML(sampleDeclaration, extensions)
  expect(html).toContain(
    '<h1 data-pid="title00000000000" data-kind="title" class="paragraph paragraph-title">',
  )
  expect(html).toContain(
    '<h2 data-pid="heading000000000" data-kind="heading" class="paragraph paragraph-heading">',
  )
})

test('rendering and parsing are symmetric', () => {
  const html = generateHTML(sampleDeclaration, extensions)
  const parsed = generateJSON(html, extensions)
  expect(generateHTML(parsed, extensions)).toBe(html)
  expect(parsed.content.map((node: { attrs: unknown }) => node.attrs)).toEqual(
    sampleDeclaration.content!.map((node) => ({ ...node.attrs, identity: null })),
  )
})

test('plain pasted HTML gets kinds from its tags', () => {
  const parsed = generateJSON('<h1>Declaration</h1><h2>Section</h2><p>Text</p>', extensions)
  expect(parsed.content.map((node: { attrs: { kind: string } }) => node.attrs.kind)).toEqual([
    'title',
    'heading',
    'operative',
  ])
})
