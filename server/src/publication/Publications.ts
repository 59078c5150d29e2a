import {
  type AdoptionRecord,
  canonicalJson,
  linkOf,
  manifestHash,
  PUBLICATION_FILES,
  type PublicationBundle,
  type PublicationKind,
  type PublicationManifest,
  sha256Hex,
} from '@accord/protocol'
import type { Kysely } from 'kysely'
import { newId } from '../auth/secrets.js'
import type { Database } from '../db/schema.js'
import type { Conferences, Declaration } from '../directory/Conferences.js'
import { ApiError } from '../errors.js'
import type { AgreedHistory } from '../outcomes/AgreedHistory.js'
import { KeyedQueue } from '../outcomes/KeyedQueue.js'
import type { FinalParagraph } from './numberParagraphs.js'
import { type Disagreement, type FinalText, renderText } from './renderText.js'
import type { SigningKey } from './SigningKey.js'

/** A publication as lists show it. */
export interface PublicationSummary {
  id: string
  conferenceId: string
  declarationId: string
  kind: PublicationKind
  title: string
  publishedAt: number
  manifestHash: string
}

/**
 * Published texts: immutable rows, each holding its signed bundle exactly as served. Each
 * manifest cites the previous publication's hash, so the publications of a server form one
 * chain too; appending is serialised so that no two cite the same predecessor.
 */
export class Publications {
  readonly #queue = new KeyedQueue()

  constructor(
    readonly db: Kysely<Database>,
    readonly conferences: Conferences,
    readonly history: AgreedHistory,
    readonly key: SigningKey,
  ) {}

  /** Renders, signs and stores a final text. */
  publish(
    d: Declaration,
    input: {
      kind: PublicationKind
      adoption: AdoptionRecord
      paragraphs: FinalParagraph[]
      disagreements?: Disagreement[]
      at?: number
    },
  ): Promise<PublicationSummary> {
    return this.#queue.run('publications', async () => {
      const conference = await this.conferences.get(d.conferenceId)
      const { head, length } = await this.history.verifiedHead(d.id)
      const history = (await this.history.entries(d.id)).map(linkOf)
      const previous = await this.db
        .selectFrom('publication')
        .select('manifest_hash')
        .orderBy('seq', 'desc')
        .limit(1)
        .executeTakeFirst()
      const id = newId()
      const publishedAt = input.at ?? Date.now()
      const text: FinalText = {
        kind: input.kind,
        conference: { id: conference.id, name: conference.name, venue: conference.venue },
        declaration: { id: d.id, title: d.title },
        publishedAt,
        adoption: input.adoption,
        paragraphs: input.paragraphs,
        disagreements: input.disagreements ?? [],
      }
      const files = renderText(text)
      const hashes = {} as Record<
        (typeof PUBLICATION_FILES)[number],
        { sha256: string; bytes: number }
      >
      for (const name of PUBLICATION_FILES) {
        hashes[name] = {
          sha256: await sha256Hex(files[name]),
          bytes: Buffer.byteLength(files[name], 'utf8'),
        }
      }
      const manifest: PublicationManifest = {
        format: 'accord-publication/1',
        publicationId: id,
        kind: input.kind,
        conference: text.conference,
        declaration: text.declaration,
        publishedAt,
        adoption: input.adoption,
        files: hashes,
        history: { head, length },
        previousPublication: previous?.manifest_hash ?? null,
        key: {
          algorithm: 'Ed25519',
          publicKey: this.key.publicKey,
          fingerprint: this.key.fingerprint,
        },
      }
      const bundle: PublicationBundle = {
        format: 'accord-bundle/1',
        manifest,
        signature: this.key.sign(canonicalJson(manifest)),
        files,
        history,
      }
      const hash = await manifestHash(manifest)
      await this.db
        .insertInto('publication')
        .values({
          id,
          conference_id: d.conferenceId,
          declaration_id: d.id,
          kind: input.kind,
          published_at: publishedAt,
          manifest_hash: hash,
          bundle: JSON.stringify(bundle),
        })
        .execute()
      return {
        id,
        conferenceId: d.conferenceId,
        declarationId: d.id,
        kind: input.kind,
        title: d.title,
        publishedAt,
        manifestHash: hash,
      }
    })
  }

  /** Every publication, newest first, optionally of one conference. */
  async list(conferenceId?: string): Promise<PublicationSummary[]> {
    let query = this.db.selectFrom('publication').selectAll().orderBy('seq', 'desc')
    if (conferenceId) query = query.where('conference_id', '=', conferenceId)
    return (await query.execute()).map((row) => {
      const bundle = JSON.parse(row.bundle) as PublicationBundle
      return {
        id: row.id,
        conferenceId: row.conference_id,
        declarationId: row.declaration_id,
        kind: row.kind as PublicationKind,
        title: bundle.manifest.declaration.title,
        publishedAt: Number(row.published_at),
        manifestHash: row.manifest_hash,
      }
    })
  }

  /** The stored bundle's JSON, exactly as signed and served; 404 if there is no such publication. */
  async bundleText(publicationId: string): Promise<string> {
    const row = await this.db
      .selectFrom('publication')
      .select('bundle')
      .where('id', '=', publicationId)
      .executeTakeFirst()
    if (!row) throw new ApiError('not_found', 'no such publication')
    return row.bundle
  }

  /** The bundle, parsed. */
  async bundle(publicationId: string): Promise<PublicationBundle> {
    return JSON.parse(await this.bundleText(publicationId)) as PublicationBundle
  }
}
