import {
  type AdoptionRecord,
  canonicalJson,
  type PublicationFile,
  type PublicationKind,
} from '@accord/protocol'
import type { FinalParagraph } from './numberParagraphs.js'

/** Everything a rendered text says. */
export interface FinalText {
  readonly kind: PublicationKind
  readonly conference: { readonly id: string; readonly name: string; readonly venue: string }
  readonly declaration: { readonly id: string; readonly title: string }
  readonly publishedAt: number
  readonly adoption: AdoptionRecord
  readonly paragraphs: readonly FinalParagraph[]
  /** For a chair's summary: the points of disagreement, attributed. */
  readonly disagreements: readonly Disagreement[]
}

/** A point of disagreement in a chair's summary. */
export interface Disagreement {
  readonly workingLabel: string
  readonly text: string
  /** "JPN objects", "FRA proposes an amendment: …", "B20 (advisory) has a reservation". */
  readonly views: readonly string[]
}

/** A date as the texts print it: "1 December 2026", in UTC so every reader sees the same. */
export function printedDate(ms: number): string {
  return new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(ms)
}

function kindName(kind: PublicationKind): string {
  return kind === 'chair_summary' ? "Chair's summary" : 'Declaration'
}

function plainText(t: FinalText): string {
  const lines = [
    t.declaration.title,
    `${kindName(t.kind)} · ${t.conference.name}, ${t.conference.venue} · ${printedDate(t.publishedAt)}`,
    t.adoption.statement,
    '',
  ]
  for (const p of t.paragraphs) {
    if (p.kind === 'title') continue
    lines.push(p.number === null ? p.text : `${p.number}. ${p.text}`, '')
  }
  if (t.disagreements.length > 0) {
    lines.push('Points of disagreement', '')
    for (const d of t.disagreements) {
      lines.push(`${d.workingLabel}: ${d.text}`)
      for (const view of d.views) lines.push(`  - ${view}`)
      lines.push('')
    }
  }
  return `${lines.join('\n').trimEnd()}\n`
}

/** The body of a final text, shared by the downloadable HTML and the portal's page. */
export function FinalTextBody({ text: t }: { text: FinalText }) {
  return (
    <>
      {t.kind === 'chair_summary' ? <p class="summary-kind">Chair's summary</p> : null}
      <h1>{t.declaration.title}</h1>
      <p class="meta">
        {t.conference.name}, {t.conference.venue} ·{' '}
        <time datetime={new Date(t.publishedAt).toISOString()}>{printedDate(t.publishedAt)}</time>
      </p>
      <p class="record">{t.adoption.statement}</p>
      <ol class="text">
        {t.paragraphs
          .filter((p) => p.kind !== 'title')
          .map((p) => (
            <li id={`p-${p.id}`} class={p.kind}>
              {p.number !== null ? <span class="num">{p.number}.</span> : null}
              {p.text}
              {p.number !== null ? (
                <span class="label" title="Working label during the negotiation">
                  ({p.workingLabel})
                </span>
              ) : null}
            </li>
          ))}
      </ol>
      {t.disagreements.length > 0 ? (
        <section aria-labelledby="disagreements">
          <h2 id="disagreements">Points of disagreement</h2>
          <dl>
            {t.disagreements.map((d) => (
              <>
                <dt>
                  {d.workingLabel}: {d.text}
                </dt>
                {d.views.map((view) => (
                  <dd>{view}</dd>
                ))}
              </>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  )
}

function htmlText(t: FinalText): string {
  const page = (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{t.declaration.title}</title>
      </head>
      <body>
        <main>
          <FinalTextBody text={t} />
        </main>
      </body>
    </html>
  )
  return `<!doctype html>${String(page)}\n`
}

/** The canonical JSON of a final text: what machines read, hashed and signed like the others. */
function jsonText(t: FinalText): string {
  return canonicalJson({
    format: 'accord-text/1',
    kind: t.kind,
    conference: t.conference,
    declaration: t.declaration,
    publishedAt: t.publishedAt,
    adoption: t.adoption,
    paragraphs: t.paragraphs,
    disagreements: t.disagreements,
  })
}

/** Renders a final text as HTML, plain text and canonical JSON. */
export function renderText(t: FinalText): Record<PublicationFile, string> {
  return { 'text.html': htmlText(t), 'text.txt': plainText(t), 'text.json': jsonText(t) }
}
