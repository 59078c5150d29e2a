import type { PublicationBundle, PublicationManifest } from '@accord/protocol'
import type { PublicationSummary } from '../publication/Publications.js'
import { type FinalText, FinalTextBody, printedDate } from '../publication/renderText.js'
import { Layout } from './Layout.js'

/** The public's URL of a published text. */
export const textUrl = (publicationId: string) => `/texts/${publicationId}`

const KIND_WORDS = { declaration: 'Declaration', chair_summary: "Chair's summary" } as const

/** A conference as the portal knows it: only from what was published. */
export interface PublishedConference {
  id: string
  name: string
  venue: string
  texts: (PublicationSummary & { manifest: PublicationManifest })[]
}

function TextList({ texts }: { texts: PublishedConference['texts'] }) {
  return (
    <ul>
      {texts.map((t) => (
        <li>
          <a href={textUrl(t.id)}>{t.title}</a>{' '}
          <span class="meta">
            {KIND_WORDS[t.kind]}, published{' '}
            <time datetime={new Date(t.publishedAt).toISOString()}>
              {printedDate(t.publishedAt)}
            </time>
          </span>
        </li>
      ))}
    </ul>
  )
}

/** `/`: every conference with published texts, and its texts. */
export function HomePage({ conferences }: { conferences: PublishedConference[] }) {
  return (
    <Layout title="Published texts · Accord">
      <h1>Published texts</h1>
      <p>
        The declarations and chair's summaries adopted in negotiations held on this server. Each
        text is signed; <a href="/verify">you can check</a> that what you read is what was adopted.
      </p>
      {conferences.length === 0 ? <p>Nothing has been published yet.</p> : null}
      {conferences.map((c) => (
        <section aria-labelledby={`c-${c.id}`}>
          <h2 id={`c-${c.id}`}>
            <a href={`/conferences/${c.id}`}>{c.name}</a>
          </h2>
          <p class="meta">{c.venue}</p>
          <TextList texts={c.texts} />
        </section>
      ))}
    </Layout>
  )
}

/** `/conferences/:id`: one conference's published texts. */
export function ConferencePage({ conference }: { conference: PublishedConference }) {
  return (
    <Layout title={`${conference.name} · Accord`}>
      <h1>{conference.name}</h1>
      <p class="meta">{conference.venue}</p>
      <TextList texts={conference.texts} />
    </Layout>
  )
}

/** `/texts/:id`: a published text, its adoption record, downloads, and how to verify it. */
export function TextPage({ bundle, text }: { bundle: PublicationBundle; text: FinalText }) {
  const m = bundle.manifest
  const base = textUrl(m.publicationId)
  return (
    <Layout title={`${m.declaration.title} · Accord`}>
      <article>
        <FinalTextBody text={text} />
      </article>
      <section aria-labelledby="downloads">
        <h2 id="downloads">Downloads</h2>
        <ul class="downloads">
          <li>
            <a href={`${base}/text.html`}>The text as HTML</a>
          </li>
          <li>
            <a href={`${base}/text.txt`}>The text as plain text</a>
          </li>
          <li>
            <a href={`${base}/text.json`}>The text as JSON (canonical, RFC 8785)</a>
          </li>
          <li>
            <a href={`${base}/bundle.json`} download={`${m.publicationId}.accord-bundle.json`}>
              The signed bundle
            </a>{' '}
            (the text, its manifest, signature and history chain)
          </li>
        </ul>
      </section>
      <section aria-labelledby="verify">
        <h2 id="verify">Verifying this text</h2>
        <p>
          Signed on {printedDate(m.publishedAt)} with the key whose fingerprint is{' '}
          <span class="fingerprint">{m.key.fingerprint}</span>.
        </p>
        <p>
          Download the signed bundle and run{' '}
          <code>pnpm accord verify {m.publicationId}.accord-bundle.json</code> in a copy of Accord,
          with no connection to this server. <a href="/verify">More on verifying</a>.
        </p>
      </section>
    </Layout>
  )
}

/** `/verify`: how an observer checks a text, with this server's key. */
export function VerifyPage({ fingerprint, publicKey }: { fingerprint: string; publicKey: string }) {
  return (
    <Layout title="How to verify a text · Accord">
      <h1>How to verify a text</h1>
      <p>
        Every text on this site is published as a signed bundle. The bundle holds the text (HTML,
        plain text and JSON), a manifest with the hash of each, the head of the agreed-text history
        and the hash of the previous publication, and an Ed25519 signature of the manifest by this
        server.
      </p>
      <h2>This server's key</h2>
      <p>
        Fingerprint: <span class="fingerprint">{fingerprint}</span>
      </p>
      <p>
        Public key (Ed25519, raw, base64url): <code>{publicKey}</code>. It is also served as JSON at{' '}
        <a href="/.well-known/accord-signing-key">/.well-known/accord-signing-key</a>. Compare the
        fingerprint with one you obtained another way (the conference's own announcement, a printed
        copy), not only with this page.
      </p>
      <h2>Checking a bundle</h2>
      <ol>
        <li>Download the signed bundle from the text's page.</li>
        <li>
          In a copy of Accord, run <code>pnpm accord verify BUNDLE --key "{fingerprint}"</code>. It
          needs no server and no network.
        </li>
        <li>
          It says <q>verified</q> and shows the text's title, date and adoption record, or names
          what fails: a changed text, manifest or signature, a key other than the one you trust, or
          a history chain that was reordered or cut.
        </li>
      </ol>
    </Layout>
  )
}

/** Any other URL. */
export function NotFoundPage() {
  return (
    <Layout title="Not found · Accord">
      <h1>Not found</h1>
      <p>
        There is no published text here. Only adopted, published texts are public: see{' '}
        <a href="/">the published texts</a>.
      </p>
    </Layout>
  )
}
