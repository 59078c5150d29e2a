/**
 * Building and reading a declaration's Yjs documents the way TipTap's Collaboration stores them
 * (one Y.XmlElement('paragraph') per block with pid/kind/label attributes and a Y.XmlText child;
 * proposals as a `proposal` formatting attribute), and the y-websocket frames a raw client sends.
 * packages/client does not depend on lib0, so the few encodings needed are written out here.
 */
import {
  DECLARATION_FIELD,
  type DeclarationParagraph,
  PARAGRAPH_NODE,
  type ParagraphKind,
  type ProposalAttributes,
  readDeclaration,
} from '@accord/editor'
import { MessageType, SyncMessageType } from '@accord/protocol'
import { synced, type TestClient } from '@accord/server/testing'
import * as Y from 'yjs'
import { type ConferenceFixture, negotiationApi } from './fixtures.js'

/** One run of a paragraph's text, optionally inside a proposal. */
export interface Run {
  readonly text: string
  readonly proposal?: ProposalAttributes
}

/** A top-level block as the editor writes it. */
export function paragraphElement(
  pid: string,
  label: string,
  runs: string | readonly Run[],
  kind: ParagraphKind = 'operative',
): Y.XmlElement {
  const element = new Y.XmlElement(PARAGRAPH_NODE)
  element.setAttribute('pid', pid)
  element.setAttribute('kind', kind)
  element.setAttribute('label', label)
  const text = new Y.XmlText()
  let offset = 0
  for (const run of typeof runs === 'string' ? [{ text: runs }] : runs) {
    text.insert(offset, run.text, run.proposal ? { proposal: run.proposal } : {})
    offset += run.text.length
  }
  element.insert(0, [text])
  return element
}

/** The declaration fragment of a draft document. */
export function draftFragment(doc: Y.Doc): Y.XmlFragment {
  return doc.getXmlFragment(DECLARATION_FIELD)
}

/** The top-level element of a paragraph, by pid. */
export function elementOf(doc: Y.Doc, pid: string): Y.XmlElement | null {
  for (const child of draftFragment(doc).toArray()) {
    if (child instanceof Y.XmlElement && child.getAttribute('pid') === pid) return child
  }
  return null
}

/** The text child of a paragraph (the editor writes exactly one). */
export function textOf(doc: Y.Doc, pid: string): Y.XmlText {
  const text = elementOf(doc, pid)?.get(0)
  if (!(text instanceof Y.XmlText)) throw new Error(`paragraph ${pid} has no text`)
  return text
}

/** A paragraph as the shared headless reader sees it, or undefined when absent. */
export function readParagraph(doc: Y.Doc, pid: string): DeclarationParagraph | undefined {
  return readDeclaration(doc).find((p) => p.id === pid)
}

/** The pids of a draft, in order. */
export function pidsOf(doc: Y.Doc): string[] {
  return readDeclaration(doc).map((p) => p.id)
}

/**
 * The update a client holding `base` would send after `edit`: a copy of `base` under a new
 * client id (or `clientId`) is edited, and only what the edit added or deleted is encoded. `base` is untouched.
 */
export function editUpdate(base: Y.Doc, edit: (doc: Y.Doc) => void, clientId?: number): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(base))
  // A given client id writes as that client would (a forger posing as another's editor). Set
  // after loading: Yjs gives a document a new id when remote state already uses its own.
  if (clientId !== undefined) copy.clientID = clientId
  const before = Y.encodeStateVector(copy)
  edit(copy)
  const update = Y.encodeStateAsUpdate(copy, before)
  copy.destroy()
  return update
}

/** A document rebuilt from what the server's store holds for `name`. */
export async function storedDoc(
  store: { load(name: string): Promise<{ updates: Uint8Array[] }> },
  name: string,
): Promise<{ doc: Y.Doc; bytes: Buffer }> {
  const { updates } = await store.load(name)
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return { doc, bytes: Buffer.concat(updates.map((u) => Buffer.from(u))) }
}

function varUint(value: number): number[] {
  const bytes: number[] = []
  let rest = value
  while (rest > 0x7f) {
    bytes.push(0x80 | (rest & 0x7f))
    rest = Math.floor(rest / 128)
  }
  bytes.push(rest)
  return bytes
}

/** A y-websocket sync message of `type` (step 2 or update) carrying `update`. */
export function syncFrame(update: Uint8Array, type: number = SyncMessageType.Update): Uint8Array {
  return new Uint8Array([MessageType.Sync, type, ...varUint(update.byteLength), ...update])
}

/** Whether any of `frames` holds the UTF-8 bytes of `text`. */
export function framesContain(frames: readonly Uint8Array[], text: string): boolean {
  const needle = Buffer.from(text, 'utf8')
  return frames.some((frame) => Buffer.from(frame).includes(needle))
}

/** Resolves once the async `check` holds, polling; fails with `message` after `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean>,
  message: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${message}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * Writes `elements` at the start of the draft as the secretariat, through a real provider, and
 * resolves once the server reads every pid back through the API. The provider stays connected
 * (the fixture destroys it), so tests can watch the draft as the secretariat sees it.
 */
export async function writeDraft(
  f: ConferenceFixture,
  elements: Y.XmlElement[],
): Promise<TestClient> {
  const chair = f.connect(f.draft(), f.secretariat.token)
  await synced(chair)
  draftFragment(chair.doc).insert(0, elements)
  // Attributes of an element are readable once it belongs to a document.
  const pids = elements.map((element) => element.getAttribute('pid'))
  await eventually(async () => {
    const response = await negotiationApi(f.secretariat).paragraphs.$get({
      param: { conferenceId: f.conferenceId, declarationId: f.declarationId },
    })
    if (response.status !== 200) return false
    const stored = new Set((await response.json()).map((p) => p.id))
    return pids.every((pid) => pid !== undefined && stored.has(pid))
  }, 'the draft reached the server')
  return chair
}

/** A notice the server wrote into a delegation's mirror about a repaired update. */
export interface RepairNotice {
  readonly userId: string | null
  readonly reasons: { code: string; delegation: string; proposalId: string; text: string }[]
  readonly messages: string[]
}

/** The notices in a delegation's mirror (or the secretariat's workspace), as `token` reads them. */
export async function noticesIn(
  f: ConferenceFixture,
  name: string,
  token: string,
): Promise<RepairNotice[]> {
  const mirror = f.connect(name, token)
  try {
    await synced(mirror)
    return [...mirror.doc.getMap('notices').values()] as RepairNotice[]
  } finally {
    mirror.destroy()
  }
}
