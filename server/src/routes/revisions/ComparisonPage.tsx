import type { ParagraphComparison } from '../../outcomes/compareRevisions.js'
import { Layout } from '../../portal/Layout.js'

const CHANGE_WORDS: Record<ParagraphComparison['change'], string> = {
  added: 'Added',
  deleted: 'Deleted',
  changed: 'Changed',
  unchanged: 'Unchanged',
}

/** The printable comparison of two versions of a declaration, for the secretariat. */
export function ComparisonPage({
  title,
  from,
  to,
  paragraphs,
}: {
  title: string
  from: { name: string }
  to: { name: string }
  paragraphs: ParagraphComparison[]
}) {
  const heading = `${title}: ${to.name} compared with ${from.name}`
  return (
    <Layout title={heading} nav={false}>
      <h1>{heading}</h1>
      <p class="meta">
        Insertions are <ins>underlined</ins>, deletions <del>struck through</del>. Paragraphs are
        matched by their identity, not their position.
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">Paragraph</th>
            <th scope="col">Change</th>
            <th scope="col">Text</th>
          </tr>
        </thead>
        <tbody>
          {paragraphs.map((p) => (
            <tr>
              <th scope="row">
                {p.toLabel ?? p.fromLabel}
                {p.fromLabel && p.toLabel && p.fromLabel !== p.toLabel
                  ? ` (was ${p.fromLabel})`
                  : ''}
              </th>
              <td class="change">
                {CHANGE_WORDS[p.change]}
                {p.moved ? ', moved' : ''}
                {p.fromStatus && p.toStatus && p.fromStatus !== p.toStatus
                  ? `; status ${p.fromStatus} → ${p.toStatus}`
                  : ''}
              </td>
              <td>
                {p.words.map((w) =>
                  w.added ? <ins>{w.value}</ins> : w.removed ? <del>{w.value}</del> : w.value,
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Layout>
  )
}
