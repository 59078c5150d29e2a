// @vitest-environment happy-dom
import type { Editor, JSONContent } from '@tiptap/core'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { readDeclaration } from '../src/index.js'
import { CoEditingClients } from './coEditingClients.js'
import { blocksOf, settle } from './editorHarness.js'
import { block, sealed, text } from './sampleDeclaration.js'

/**
 * Paragraph ids under random split, join, paste, typing, undo and redo, run by two co-editing
 * clients that exchange Yjs updates (sometimes only after several steps, so edits are concurrent).
 */

type Action =
  | { type: 'split'; block: number; offset: number }
  | { type: 'joinBackward'; block: number }
  | { type: 'joinForward'; block: number }
  | { type: 'copy'; block: number }
  | { type: 'paste'; copy: number; block: number; offset: number; between: boolean }
  | { type: 'type'; block: number; offset: number; text: string }
  | { type: 'undo' }
  | { type: 'redo' }

interface Step {
  action: Action
  /** Deliver updates after this step; false leaves the next step concurrent with this one. */
  sync: boolean
}

const index = fc.nat({ max: 40 })
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ type: fc.constant('split' as const), block: index, offset: index }),
  },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('joinBackward' as const), block: index }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('joinForward' as const), block: index }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant('copy' as const), block: index }) },
  {
    weight: 3,
    arbitrary: fc.record({
      type: fc.constant('paste' as const),
      copy: index,
      block: index,
      offset: index,
      between: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('type' as const),
      block: index,
      offset: index,
      text: fc.constantFrom('x', 'and ', 'trust'),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ type: 'undo' as const }) },
  { weight: 1, arbitrary: fc.constant({ type: 'redo' as const }) },
)
const step: fc.Arbitrary<Step> = fc.record({
  action,
  sync: fc.oneof(
    { weight: 3, arbitrary: fc.constant(true) },
    { weight: 1, arbitrary: fc.constant(false) },
  ),
})

// Sealed, as the server creates declarations: the seal is what repairs merged identities.
const initial: JSONContent = sealed({
  type: 'doc',
  content: [
    block('title', 'title', '', text('Declaration')),
    block('pp1', 'preambular', 'PP1', text('Recalling the agenda')),
    block('pp2', 'preambular', 'PP2', text('Noting progress')),
    block('op1', 'operative', 'OP1', text('Commit to trust')),
    block('op2', 'operative', 'OP2', text('Promote AI')),
  ],
})

/** Runs one action on `editor`; clipboard holds block copies taken earlier (by either client). */
function perform(editor: Editor, action: Action, clipboard: JSONContent[]): void {
  const blocks = blocksOf(editor)
  const target =
    blocks[action.type === 'undo' || action.type === 'redo' ? 0 : action.block % blocks.length]!
  const inside = (offset: number) => target.pos + 1 + (offset % (target.text.length + 1))
  switch (action.type) {
    case 'split':
      editor.chain().setTextSelection(inside(action.offset)).splitBlock().run()
      return
    case 'joinBackward':
      editor
        .chain()
        .setTextSelection(target.pos + 1)
        .joinBackward()
        .run()
      return
    case 'joinForward':
      editor
        .chain()
        .setTextSelection(target.pos + 1 + target.text.length)
        .joinForward()
        .run()
      return
    case 'copy':
      // What the clipboard would carry: the block with all its attributes, pid included.
      clipboard.push(editor.state.doc.nodeAt(target.pos)!.toJSON())
      return
    case 'paste': {
      const copy = clipboard[action.copy % Math.max(1, clipboard.length)]
      if (!copy) return
      editor.commands.insertContentAt(action.between ? target.pos : inside(action.offset), copy)
      return
    }
    case 'type':
      editor.chain().insertContentAt(inside(action.offset), action.text).run()
      return
    case 'undo':
      editor.commands.undo()
      return
    case 'redo':
      editor.commands.redo()
      return
  }
}

/**
 * Counterexamples fast-check found earlier, replayed on every run:
 * - undo after the document shrank crashed inside y-tiptap (see UndoSelectionGuard);
 * - concurrent undo/redo left a block with its pid but not its kind and label;
 * - concurrent splits and a paste merged two clients' identities into one block;
 * - two undos, each after the other client's split, did the same without any concurrency.
 * The last three are what the identity seal repairs (each needs one of the two Yjs winners).
 */
const regressions: Step[][] = [
  [
    { action: { type: 'joinForward', block: 0 }, sync: false },
    { action: { type: 'joinForward', block: 6 }, sync: true },
    { action: { type: 'split', block: 29, offset: 1 }, sync: true },
    { action: { type: 'joinBackward', block: 2 }, sync: true },
    { action: { type: 'undo' }, sync: true },
    { action: { type: 'split', block: 0, offset: 0 }, sync: true },
  ],
  [
    { action: { type: 'joinForward', block: 0 }, sync: true },
    { action: { type: 'joinForward', block: 0 }, sync: true },
    { action: { type: 'undo' }, sync: true },
    { action: { type: 'split', block: 5, offset: 0 }, sync: true },
    { action: { type: 'paste', copy: 0, block: 0, offset: 0, between: false }, sync: false },
    { action: { type: 'undo' }, sync: true },
    { action: { type: 'redo' }, sync: true },
  ],
  [
    { action: { type: 'copy', block: 1 }, sync: false },
    { action: { type: 'split', block: 5, offset: 0 }, sync: false },
    { action: { type: 'split', block: 0, offset: 0 }, sync: true },
    { action: { type: 'undo' }, sync: false },
    { action: { type: 'paste', copy: 0, block: 0, offset: 0, between: false }, sync: false },
    { action: { type: 'joinBackward', block: 0 }, sync: true },
  ],
  [
    { action: { type: 'split', block: 36, offset: 10 }, sync: true },
    { action: { type: 'split', block: 32, offset: 0 }, sync: true },
    { action: { type: 'paste', copy: 0, block: 0, offset: 0, between: false }, sync: true },
    { action: { type: 'undo' }, sync: true },
    { action: { type: 'undo' }, sync: true },
  ],
]

/** Which client wins concurrent Yjs writes (the one with the higher client id). */
type Winner = 'a' | 'b'

/** Runs `steps` alternately on the two clients and checks the id invariants after each. */
async function run(steps: readonly Step[], winner: Winner): Promise<void> {
  const clients = new CoEditingClients(initial, winner === 'a' ? [2, 1] : [1, 2])
  const clipboard: JSONContent[] = []
  const labelOf = new Map<string, string>()
  const kindOf = new Map<string, string>()
  // Ids present when both clients last agreed. An id that leaves the agreed state is retired:
  // only undo or redo, which restore that very paragraph, may bring it back.
  let agreed = new Set<string>()
  const retired = new Set<string>()
  const revived = new Set<string>()
  try {
    await clients.sync()
    agreed = new Set(blocksOf(clients.editors[0]).map((b) => b.pid))
    for (const [number, { action, sync }] of steps.entries()) {
      perform(clients.editors[number % 2]!, action, clipboard)
      clients.stopCapturing()
      if (sync) await clients.sync()
      else await settle()
      for (const which of [0, 1] as const) {
        const blocks = blocksOf(clients.editors[which])
        const pids = blocks.map((b) => b.pid)
        expect(pids.every((pid) => typeof pid === 'string' && pid.length > 0)).toBe(true)
        expect(new Set(pids).size, 'pids are unique').toBe(pids.length)
        for (const b of blocks) {
          // A pid always names the same paragraph: its label and kind never change.
          expect(b.label, `label of ${b.pid}`).toBe(labelOf.get(b.pid) ?? b.label)
          expect(b.kind, `kind of ${b.pid}`).toBe(kindOf.get(b.pid) ?? b.kind)
          labelOf.set(b.pid, b.label)
          kindOf.set(b.pid, b.kind)
          if (retired.has(b.pid) && !revived.has(b.pid)) {
            const undone = action.type === 'undo' || action.type === 'redo'
            expect(undone, `${b.pid} came back without undo`).toBe(true)
            revived.add(b.pid)
          }
        }
        // ProseMirror and Yjs agree on each client: every repair reached Yjs.
        expect(clients.editors[which].getJSON()).toEqual(clients.yJSON(which))
      }
      if (sync) {
        expect(clients.editors[0].getJSON()).toEqual(clients.editors[1].getJSON())
        const now = new Set(blocksOf(clients.editors[0]).map((b) => b.pid))
        for (const pid of agreed) if (!now.has(pid)) retired.add(pid)
        for (const pid of now) {
          retired.delete(pid)
          revived.delete(pid)
        }
        agreed = now
      }
    }
    await clients.sync()
    expect(clients.editors[0].getJSON()).toEqual(clients.editors[1].getJSON())
    expect(clients.yJSON(0)).toEqual(clients.yJSON(1))
    const read = readDeclaration(clients.docs[0])
    expect(read).toEqual(readDeclaration(clients.docs[1]))
    expect(read.map((p) => p.id)).toEqual(blocksOf(clients.editors[0]).map((b) => b.pid))
  } finally {
    clients.destroy()
  }
}

// FC_RUNS, FC_SEED and FC_PATH reproduce or widen a run, e.g. FC_RUNS=2000 for a soak.
const replay = process.env.FC_SEED
  ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH, endOnFailure: true }
  : {}

test('two clients keep paragraph ids unique, stable and never reused', async () => {
  const steps = fc.array(step, { minLength: 1, maxLength: 24 })
  const winner = fc.constantFrom<Winner>('a', 'b')
  await fc.assert(fc.asyncProperty(steps, winner, run), {
    numRuns: Number(process.env.FC_RUNS ?? 300),
    examples: regressions.flatMap((steps) =>
      (['a', 'b'] as const).map((first): [Step[], Winner] => [steps, first]),
    ),
    ...replay,
  })
})
