import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { DocumentStore, StoredDocument } from './DocumentStore.js'

/** One store under test, opened on fresh, empty storage. */
export interface DocumentStoreHarness {
  /** The store the tests use; `reopen` replaces it. */
  readonly store: DocumentStore
  /** Closes the current store and opens a new one on the same storage. */
  reopen(): Promise<DocumentStore>
  /** Closes whatever is open and removes the storage. */
  cleanup(): Promise<void>
}

const A = 'declaration/d1/draft'
const B = 'declaration/d2/draft'
const C = 'declaration/d1/shared'

/** One Y.Text edit, captured as the update it produced. */
function edit(doc: Y.Doc, change: (text: Y.Text) => void): Uint8Array {
  const captured: Uint8Array[] = []
  const capture = (update: Uint8Array) => captured.push(update)
  doc.on('update', capture)
  change(doc.getText('text'))
  doc.off('update', capture)
  if (captured.length === 0) throw new Error('the edit changed nothing')
  return captured.length === 1 ? captured[0]! : Y.mergeUpdates(captured)
}

/** A Y.Doc rebuilt from what the store returned, applied in order. */
function rebuild(stored: StoredDocument): Y.Doc {
  const doc = new Y.Doc()
  for (const update of stored.updates) Y.applyUpdate(doc, update)
  return doc
}

const textOf = (stored: StoredDocument) => rebuild(stored).getText('text').toString()

const sizeOf = (updates: readonly Uint8Array[]) =>
  updates.reduce((sum, update) => sum + update.byteLength, 0)

/** A copy, so that no test compares a buffer against itself. */
const bytes = (update: Uint8Array) => [...update]

/** Deterministic pseudo-random numbers (mulberry32), so a failure replays the same edits. */
function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/**
 * The contract of `DocumentStore`, run against one implementation. `open` must return a store on
 * fresh, empty storage each time it is called.
 */
export function describeDocumentStore(name: string, open: () => Promise<DocumentStoreHarness>) {
  describe(`DocumentStore contract: ${name}`, () => {
    let harness: DocumentStoreHarness
    let store: DocumentStore

    beforeEach(async () => {
      harness = await open()
      store = harness.store
    })

    afterEach(async () => {
      await harness.cleanup()
    })

    async function reopen(): Promise<DocumentStore> {
      store = await harness.reopen()
      return store
    }

    /** Appends each update in order and returns the sequence numbers. */
    async function appendAll(doc: string, updates: readonly Uint8Array[]): Promise<number[]> {
      const seqs: number[] = []
      for (const update of updates) seqs.push(await store.append(doc, update))
      return seqs
    }

    it('loads an unknown document as empty', async () => {
      expect(await store.load(A)).toEqual({
        updates: [],
        lastSeq: 0,
        storedBytes: 0,
        logLength: 0,
        logBytes: 0,
      })
      expect(await store.list()).toEqual([])
    })

    it('returns strictly increasing sequence numbers per document, even when interleaved', async () => {
      const a = new Y.Doc()
      const b = new Y.Doc()
      const seqsA: number[] = []
      const seqsB: number[] = []
      for (let i = 0; i < 10; i++) {
        seqsA.push(
          await store.append(
            A,
            edit(a, (t) => t.insert(t.length, `a${i}`)),
          ),
        )
        seqsB.push(
          await store.append(
            B,
            edit(b, (t) => t.insert(t.length, `b${i}`)),
          ),
        )
      }
      for (const seqs of [seqsA, seqsB]) {
        for (const seq of seqs) expect(Number.isSafeInteger(seq) && seq > 0).toBe(true)
        for (let i = 1; i < seqs.length; i++) expect(seqs[i]!).toBeGreaterThan(seqs[i - 1]!)
      }
      expect((await store.load(A)).lastSeq).toBe(seqsA.at(-1))
      expect((await store.load(B)).lastSeq).toBe(seqsB.at(-1))
    })

    it('never reuses a sequence number once compaction deleted the whole log', async () => {
      const doc = new Y.Doc()
      const first = await appendAll(A, [
        edit(doc, (t) => t.insert(0, 'one ')),
        edit(doc, (t) => t.insert(4, 'two ')),
        edit(doc, (t) => t.insert(8, 'three')),
      ])
      await store.compact(A, Y.encodeStateAsUpdate(doc), first.at(-1)!)
      expect((await store.load(A)).logLength).toBe(0)
      // A store that numbers entries "highest remaining + 1" would hand out 1 again here.
      const next = await store.append(
        A,
        edit(doc, (t) => t.insert(0, '0 ')),
      )
      expect(next).toBeGreaterThan(first.at(-1)!)
      expect((await store.load(A)).lastSeq).toBe(next)

      await store.compact(A, Y.encodeStateAsUpdate(doc), next)
      await reopen()
      const afterReopen = await store.append(
        A,
        edit(doc, (t) => t.insert(0, '-1 ')),
      )
      expect(afterReopen).toBeGreaterThan(next)
      expect(textOf(await store.load(A))).toBe('-1 0 one two three')
    })

    it('loads the snapshot, then the log after it, in order, and reports the sizes', async () => {
      const doc = new Y.Doc()
      const updates = [
        edit(doc, (t) => t.insert(0, 'Recalling ')),
        edit(doc, (t) => t.insert(10, 'the Osaka Track')),
        edit(doc, (t) => t.delete(0, 10)),
      ]
      const seqs = await appendAll(A, updates)
      const snapshot = Y.encodeStateAsUpdate(doc)
      const later = [
        edit(doc, (t) => t.insert(0, 'Welcoming ')),
        edit(doc, (t) => t.insert(t.length, ' on data free flow')),
        // Order matters: this deletion refers to text inserted by the entry before it.
        edit(doc, (t) => t.delete(t.length - 5, 5)),
      ]

      const beforeCompaction = await store.load(A)
      expect(beforeCompaction.updates.map(bytes)).toEqual(updates.map(bytes))
      expect(beforeCompaction.lastSeq).toBe(seqs.at(-1))
      expect(beforeCompaction.logLength).toBe(3)
      expect(beforeCompaction.logBytes).toBe(sizeOf(updates))
      expect(beforeCompaction.storedBytes).toBe(sizeOf(updates))

      await store.compact(A, snapshot, seqs.at(-1)!)
      const laterSeqs = await appendAll(A, later)
      const stored = await store.load(A)
      expect(stored.updates.map(bytes)).toEqual([snapshot, ...later].map(bytes))
      expect(stored.lastSeq).toBe(laterSeqs.at(-1))
      expect(stored.logLength).toBe(3)
      expect(stored.logBytes).toBe(sizeOf(later))
      expect(stored.storedBytes).toBe(snapshot.byteLength + sizeOf(later))
      expect(textOf(stored)).toBe('Welcoming the Osaka Track on data free')
      expect(textOf(stored)).toBe(doc.getText('text').toString())
    })

    it('reports the snapshot sequence number as lastSeq when the log is empty', async () => {
      const doc = new Y.Doc()
      const seqs = await appendAll(A, [
        edit(doc, (t) => t.insert(0, 'PP1')),
        edit(doc, (t) => t.insert(3, ' OP1')),
      ])
      const snapshot = Y.encodeStateAsUpdate(doc)
      await store.compact(A, snapshot, seqs[1]!)
      const stored = await store.load(A)
      expect(stored.updates.map(bytes)).toEqual([bytes(snapshot)])
      expect(stored.lastSeq).toBe(seqs[1])
      expect(stored.logLength).toBe(0)
      expect(stored.logBytes).toBe(0)
      expect(stored.storedBytes).toBe(snapshot.byteLength)
    })

    it('deletes only the entries the snapshot covers; later entries survive', async () => {
      const doc = new Y.Doc()
      const early = [
        edit(doc, (t) => t.insert(0, 'a')),
        edit(doc, (t) => t.insert(1, 'b')),
        edit(doc, (t) => t.insert(2, 'c')),
      ]
      const earlySeqs = await appendAll(A, early)
      // The snapshot is taken here, but the entries below are appended before it is stored:
      // exactly what happens when the relay compacts while clients keep editing.
      const snapshot = Y.encodeStateAsUpdate(doc)
      const late = [edit(doc, (t) => t.insert(3, 'd')), edit(doc, (t) => t.insert(4, 'e'))]
      const lateSeqs = await appendAll(A, late)
      await store.compact(A, snapshot, earlySeqs.at(-1)!)

      const stored = await store.load(A)
      expect(stored.updates.map(bytes)).toEqual([snapshot, ...late].map(bytes))
      expect(stored.logLength).toBe(2)
      expect(stored.lastSeq).toBe(lateSeqs.at(-1))
      expect(textOf(stored)).toBe('abcde')

      // A second compaction that covers only part of the remaining log keeps the rest too.
      const snapshot2 = Y.mergeUpdates([snapshot, late[0]!])
      await store.compact(A, snapshot2, lateSeqs[0]!)
      const again = await store.load(A)
      expect(again.updates.map(bytes)).toEqual([snapshot2, late[1]!].map(bytes))
      expect(again.logLength).toBe(1)
      expect(again.logBytes).toBe(late[1]!.byteLength)
      expect(textOf(again)).toBe('abcde')
    })

    it('ignores a compaction older than the stored snapshot', async () => {
      const doc = new Y.Doc()
      const seqs = await appendAll(A, [
        edit(doc, (t) => t.insert(0, 'x')),
        edit(doc, (t) => t.insert(1, 'y')),
      ])
      const stale = Y.encodeStateAsUpdate(doc)
      seqs.push(...(await appendAll(A, [edit(doc, (t) => t.insert(2, 'z'))])))
      const fresh = Y.encodeStateAsUpdate(doc)
      await store.compact(A, fresh, seqs[2]!)
      const tail = edit(doc, (t) => t.insert(3, '!'))
      const tailSeq = await store.append(A, tail)

      // A compactor that started earlier finishes late: it must change nothing.
      await store.compact(A, stale, seqs[1]!)
      const stored = await store.load(A)
      expect(stored.updates.map(bytes)).toEqual([fresh, tail].map(bytes))
      expect(stored.lastSeq).toBe(tailSeq)
      expect(stored.logLength).toBe(1)
      expect(stored.storedBytes).toBe(fresh.byteLength + tail.byteLength)
      expect(textOf(stored)).toBe('xyz!')
    })

    it('keeps documents apart', async () => {
      const a = new Y.Doc()
      const b = new Y.Doc()
      // B's entries are appended first, so their sequence numbers may be lower than A's.
      const bSeqs = await appendAll(B, [
        edit(b, (t) => t.insert(0, 'only ')),
        edit(b, (t) => t.insert(5, 'in B')),
      ])
      const aSeqs = await appendAll(A, [
        edit(a, (t) => t.insert(0, 'only ')),
        edit(a, (t) => t.insert(5, 'in A')),
      ])
      await store.compact(A, Y.encodeStateAsUpdate(a), aSeqs.at(-1)!)

      const storedA = await store.load(A)
      const storedB = await store.load(B)
      expect(textOf(storedA)).toBe('only in A')
      expect(storedA.logLength).toBe(0)
      expect(textOf(storedB)).toBe('only in B')
      expect(storedB.logLength).toBe(2)
      expect(storedB.lastSeq).toBe(bSeqs.at(-1))
      expect((await store.load(C)).updates).toEqual([])

      // A snapshot for B does not replace A's.
      await store.compact(B, Y.encodeStateAsUpdate(b), bSeqs.at(-1)!)
      expect(textOf(await store.load(A))).toBe('only in A')
      expect(textOf(await store.load(B))).toBe('only in B')
    })

    it('lists every stored document, including one held only as a snapshot', async () => {
      const a = new Y.Doc()
      const b = new Y.Doc()
      const seq = await store.append(
        A,
        edit(a, (t) => t.insert(0, 'a')),
      )
      await store.append(
        B,
        edit(b, (t) => t.insert(0, 'b')),
      )
      await store.compact(A, Y.encodeStateAsUpdate(a), seq)
      expect([...(await store.list())].sort()).toEqual([A, B].sort())
      await store.load(C)
      expect([...(await store.list())].sort()).toEqual([A, B].sort())
    })

    it('keeps everything across close and reopen', async () => {
      const a = new Y.Doc()
      const b = new Y.Doc()
      const aSeqs = await appendAll(A, [
        edit(a, (t) => t.insert(0, 'Agreed ')),
        edit(a, (t) => t.insert(7, 'ad ref')),
      ])
      await store.compact(A, Y.encodeStateAsUpdate(a), aSeqs.at(-1)!)
      await store.append(
        A,
        edit(a, (t) => t.insert(0, 'OP7bis ')),
      )
      await store.append(
        B,
        edit(b, (t) => t.insert(0, 'Alt 1')),
      )
      const before = { a: await store.load(A), b: await store.load(B), list: await store.list() }

      await reopen()
      const after = { a: await store.load(A), b: await store.load(B), list: await store.list() }
      expect(after.a.updates.map(bytes)).toEqual(before.a.updates.map(bytes))
      expect(after.b.updates.map(bytes)).toEqual(before.b.updates.map(bytes))
      expect({ ...after.a, updates: null }).toEqual({ ...before.a, updates: null })
      expect({ ...after.b, updates: null }).toEqual({ ...before.b, updates: null })
      expect([...after.list].sort()).toEqual([...before.list].sort())
      expect(textOf(after.a)).toBe('OP7bis Agreed ad ref')
      expect(textOf(after.b)).toBe('Alt 1')
    })

    it('stores about one state update after compacting 2000 small edits', async () => {
      const doc = new Y.Doc()
      const next = random(2026)
      let lastSeq = 0
      for (let i = 0; i < 2000; i++) {
        const text = doc.getText('text')
        const update =
          text.length > 20 && next() < 0.3
            ? edit(doc, (t) => t.delete(Math.floor(next() * (t.length - 3)), 3))
            : edit(doc, (t) => t.insert(Math.floor(next() * (t.length + 1)), 'wording '[i % 8]!))
        lastSeq = await store.append(A, update)
        if (i % 300 === 299) await store.compact(A, Y.encodeStateAsUpdate(doc), lastSeq)
      }
      // The last 200 edits stay in the log until the final compaction.
      const uncompacted = await store.load(A)
      expect(uncompacted.logLength).toBe(200)
      await store.compact(A, Y.encodeStateAsUpdate(doc), lastSeq)

      const stored = await store.load(A)
      const state = Y.encodeStateAsUpdate(rebuild(stored)).byteLength
      expect(stored.logLength).toBe(0)
      expect(stored.logBytes).toBe(0)
      expect(stored.updates).toHaveLength(1)
      expect(stored.storedBytes).toBe(sizeOf(stored.updates))
      expect(stored.storedBytes).toBeLessThanOrEqual(state * 1.1 + 64)
      expect(stored.storedBytes).toBeGreaterThanOrEqual(state * 0.9 - 64)
      expect(textOf(stored)).toBe(doc.getText('text').toString())
    })
  })
}
