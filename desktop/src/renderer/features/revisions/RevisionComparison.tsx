import { useId, useState } from 'react'
import { Checkbox } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import { useQuery } from '../../app/useQuery'
import { ErrorMessage } from '../../components/ErrorMessage'
import { useRevisionName } from './revisionName'
import type { Comparison, ParagraphComparison, Revision } from './revisionTypes'

/** Props of {@link RevisionComparison}. */
export interface RevisionComparisonProps {
  /** The declaration's API path. */
  readonly path: string
  /** The revisions, oldest first. */
  readonly revisions: readonly Revision[]
}

const CURRENT = 'current'

/**
 * Two revisions side by side, as the server compares them: paragraph by paragraph, matched by
 * identity, word by word. Insertions and deletions are marked up as `<ins>` and `<del>`, drawn
 * underlined and struck through (not by colour alone), and announced by words that screen
 * readers read ("insertion begins … ends").
 */
export function RevisionComparison({ path, revisions }: RevisionComparisonProps) {
  const { t } = useTranslation()
  const name = useRevisionName()
  const fromId = useId()
  const toId = useId()
  // Until the user chooses, the latest revision with the one before it (Rev.1 with the zero
  // draft), or the only one with the text as it stands; a new revision moves the default along.
  const [choice, setChoice] = useState<{ from: string; to: string } | null>(null)
  const [showUnchanged, setShowUnchanged] = useState(false)
  const last = revisions.at(-1)
  const previous = revisions.at(-2)
  const from = choice?.from ?? previous?.id ?? last?.id ?? null
  const to = choice?.to ?? (previous ? (last?.id ?? CURRENT) : CURRENT)
  const choose = (next: { from?: string; to?: string }) =>
    setChoice({ from: next.from ?? from ?? '', to: next.to ?? to })

  const ready = from !== null && to !== null && from !== to
  const comparison = useQuery(`${path}/compare/${from}/${to}`, async () =>
    ready
      ? api<Comparison>(
          'GET',
          `${path}/revisions/compare?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`,
        )
      : null,
  )

  if (revisions.length === 0) {
    return (
      <section className="card" aria-labelledby="revisions-compare">
        <h2 id="revisions-compare" className="subheading">
          {t('revisions.compare')}
        </h2>
        <p className="muted">{t('revisions.compareNone')}</p>
      </section>
    )
  }

  const paragraphs = comparison.data?.paragraphs ?? []
  const changed = paragraphs.filter((p) => p.change !== 'unchanged' || p.moved)
  const shown = showUnchanged ? paragraphs : changed

  return (
    <section className="card comparison" aria-labelledby="revisions-compare">
      <h2 id="revisions-compare" className="subheading">
        {t('revisions.compare')}
      </h2>
      <div className="comparison-controls">
        <div className="field">
          <label className="field-label" htmlFor={fromId}>
            {t('revisions.from')}
          </label>
          <select
            id={fromId}
            className="field-input native-select"
            value={from ?? ''}
            onChange={(event) => choose({ from: event.target.value })}
          >
            {revisions.map((revision) => (
              <option key={revision.id} value={revision.id}>
                {name(revision.name)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label className="field-label" htmlFor={toId}>
            {t('revisions.to')}
          </label>
          <select
            id={toId}
            className="field-input native-select"
            value={to ?? ''}
            onChange={(event) => choose({ to: event.target.value })}
          >
            {revisions.map((revision) => (
              <option key={revision.id} value={revision.id}>
                {name(revision.name)}
              </option>
            ))}
            <option value={CURRENT}>{t('revisions.current')}</option>
          </select>
        </div>
        <Checkbox className="checkbox" isSelected={showUnchanged} onChange={setShowUnchanged}>
          {t('revisions.showUnchanged')}
        </Checkbox>
      </div>
      <p className="muted small comparison-legend">
        {t('revisions.legendBefore')} <ins className="word-ins">{t('revisions.legendIns')}</ins>
        {t('revisions.legendMiddle')} <del className="word-del">{t('revisions.legendDel')}</del>
        {t('revisions.legendAfter')}
      </p>
      {from === to ? <p className="muted">{t('revisions.sameRevision')}</p> : null}
      <ErrorMessage error={comparison.error} />
      {comparison.data ? (
        <>
          <h3 className="subheading" data-testid="comparison-title">
            {t('revisions.comparing', {
              to: name(comparison.data.to.name),
              from: name(comparison.data.from.name),
            })}
          </h3>
          <p className="small" role="status">
            {t('revisions.summary', { changed: changed.length, total: paragraphs.length })}
          </p>
          <ol className="comparison-list" data-testid="comparison">
            {shown.map((paragraph) => (
              <ComparedParagraph key={paragraph.id} paragraph={paragraph} />
            ))}
          </ol>
        </>
      ) : comparison.loading && ready ? (
        <p>{t('common.loading')}</p>
      ) : null}
    </section>
  )
}

function ComparedParagraph({ paragraph: p }: { readonly paragraph: ParagraphComparison }) {
  const { t } = useTranslation()
  const label = p.toLabel || p.fromLabel || t(`kind.${p.kind}` as 'kind.title')
  const relabelled = p.fromLabel && p.toLabel && p.fromLabel !== p.toLabel
  const restatus = p.fromStatus && p.toStatus && p.fromStatus !== p.toStatus
  return (
    <li className={`compared compared-${p.change}`} data-pid={p.id} data-change={p.change}>
      <div className="compared-head">
        <span className="compared-label">{label}</span>
        {relabelled ? (
          <span className="muted small">{t('revisions.wasLabel', { label: p.fromLabel })}</span>
        ) : null}
        <span className={`badge change-${p.change}`}>{t(`revisions.change.${p.change}`)}</span>
        {p.moved ? <span className="badge">{t('revisions.moved')}</span> : null}
        {restatus ? (
          <span className="small">
            {t('revisions.statusChange', {
              from: t(`status.${p.fromStatus}` as 'status.open'),
              to: t(`status.${p.toStatus}` as 'status.open'),
            })}
          </span>
        ) : null}
      </div>
      <p className="compared-text">
        {p.words.map((word, index) =>
          word.added ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: the words of one answer never move.
            <ins key={index} className="word-ins">
              <span className="visually-hidden">{t('revisions.insStart')}</span>
              {word.value}
              <span className="visually-hidden">{t('revisions.insEnd')}</span>
            </ins>
          ) : word.removed ? (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above.
            <del key={index} className="word-del">
              <span className="visually-hidden">{t('revisions.delStart')}</span>
              {word.value}
              <span className="visually-hidden">{t('revisions.delEnd')}</span>
            </del>
          ) : (
            // biome-ignore lint/suspicious/noArrayIndexKey: as above.
            <span key={index}>{word.value}</span>
          ),
        )}
      </p>
    </li>
  )
}
