// Accord on the real path, for the bench: the real server with its real access hook and draft
// rules, the demo conference seeded as `pnpm start` seeds it, and as many drafts as the workload
// has documents (ACCORD_BENCH_DRAFTS), each the size of the demo's or of 200 paragraphs
// (ACCORD_BENCH_DRAFT_SIZE). Clients connect with the secretariat's session, which it creates
// and reports over IPC with the drafts' canonical names.
import { rmSync } from 'node:fs'
import {
  DECLARATION_FIELD,
  EDITOR_SCHEMA_VERSION,
  PARAGRAPH_NODE,
  type ParagraphKind,
  readDeclaration,
  sealIdentity,
} from '@accord/editor'
import pino from 'pino'
import * as Y from 'yjs'
import { loadConfig } from '../../src/config.js'
import { DEMO_DRAFT } from '../../src/demo/demoDraft.js'
import { seedDemoIfEmpty } from '../../src/demo/seedDemo.js'
import { seedDemoNegotiation } from '../../src/demo/seedDemoNegotiation.js'
import { createLogger } from '../../src/logger.js'
import { draftName } from '../../src/negotiation/Negotiation.js'
import { startServer } from '../../src/server.js'
import { announce, type DraftContext } from './ipc.js'

interface Block {
  readonly pid: string
  readonly kind: ParagraphKind
  readonly label: string
  readonly text: string
}

const SENTENCE =
  'We commit to strengthen cooperation on digital infrastructure, skills and data governance, '

/** 200 paragraphs: 40 preambular and 160 operative ones of about 180 characters each. */
function largeDraft(): Block[] {
  return Array.from({ length: 200 }, (_, i) => {
    const preambular = i < 40
    const n = preambular ? i + 1 : i - 39
    return {
      pid: `${preambular ? 'pp' : 'op'}${n}`,
      kind: preambular ? 'preambular' : 'operative',
      label: `${preambular ? 'PP' : 'OP'}${n}`,
      text: `${SENTENCE}${SENTENCE}(${i + 1})`,
    }
  })
}

/** Writes sealed paragraphs into an empty draft, as the demo seed does. */
function fill(doc: Y.Doc, blocks: readonly Block[]): void {
  const elements = blocks.map((block) => {
    const element = new Y.XmlElement(PARAGRAPH_NODE)
    element.setAttribute('pid', block.pid)
    element.setAttribute('kind', block.kind)
    element.setAttribute('label', block.label)
    element.setAttribute(
      'identity',
      sealIdentity({ pid: block.pid, kind: block.kind, label: block.label }),
    )
    element.insert(0, [new Y.XmlText(block.text)])
    return element
  })
  doc.getXmlFragment(DECLARATION_FIELD).insert(0, elements)
}

const config = loadConfig(process.env)
const log = createLogger(config.logLevel, pino.destination(2))
const count = Math.max(1, Number(process.env.ACCORD_BENCH_DRAFTS ?? '1'))
const large = process.env.ACCORD_BENCH_DRAFT_SIZE === '200'
const server = await startServer({ config, log })
const { services, relay } = server
const seed = await seedDemoIfEmpty(services, config.dataDir, log)
if (!seed) throw new Error('the bench needs an empty data directory')
await seedDemoNegotiation(services, seed)
const secretariat = await services.accounts.byEmail('secretariat@accord.example')
if (!secretariat) throw new Error('the demo seed has no secretariat')
const { token } = await services.sessions.create(secretariat.id, 'bearer')

const drafts: { name: string; editable: string[] }[] = []
if (!large) {
  // The seeded demo itself; clients edit the paragraphs with no status and no proposal, since
  // locked ones are restored and bracketed ones belong to delegations.
  const declaration = await services.negotiation.declaration(seed.conferenceId, seed.declarationId)
  const name = draftName(declaration)
  const withStatus = new Set(
    (
      await services.db
        .selectFrom('paragraph_status')
        .select('paragraph_id')
        .where('declaration_id', '=', declaration.id)
        .execute()
    ).map((row) => row.paragraph_id),
  )
  const paragraphs = await relay.read(name, (doc) => readDeclaration(doc))
  const editable = paragraphs
    .filter((p) => p.id !== '' && p.proposals.length === 0 && !withStatus.has(p.id))
    .map((p) => p.id)
  drafts.push({ name, editable })
}
const blocks: Block[] = large ? largeDraft() : [...DEMO_DRAFT]
while (drafts.length < count) {
  const created = await services.conferences.createDeclaration(
    seed.conferenceId,
    `Bench draft ${drafts.length + 1}`,
  )
  await services.conferences.setStage(seed.conferenceId, created.id, 'negotiating')
  const declaration = await services.negotiation.declaration(seed.conferenceId, created.id)
  await relay.mutate(draftName(declaration), (doc) => fill(doc, blocks))
  drafts.push({ name: draftName(declaration), editable: blocks.map((block) => block.pid) })
}
// The seeding's documents unload before the bench measures an idle server.
while (relay.loadedDocuments().length > 0) await new Promise((r) => setTimeout(r, 250))

const context: DraftContext = { token, editorVersion: EDITOR_SCHEMA_VERSION, drafts }
announce(server.port, {
  stats: () => {
    const detail = relay.stats()
    return {
      loadedDocuments: relay.loadedDocuments().length,
      openConnections: detail.open,
      detail,
    }
  },
  // As in accord.ts: the data directory is this child's alone.
  close: async () => {
    await server.close()
    rmSync(config.dataDir, { recursive: true, force: true })
  },
  drafts: context,
})
