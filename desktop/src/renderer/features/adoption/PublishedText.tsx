import { useTranslation } from 'react-i18next'
import { useQuery } from '../../app/useQuery'
import { formatDateTime } from '../../i18n/i18n'
import { bridge } from '../../platform/bridge'
import { checkPublication } from './verifyPublication'
import './adoption.css'

/** A publication as the shared mirror announces it (map `publications`). */
export interface PublicationEntry {
  readonly id: string
  readonly kind: 'declaration' | 'chair_summary'
  readonly title: string
  readonly publishedAt: number
  /** The portal page, relative to the server. */
  readonly url: string
}

/**
 * The published text of an adopted declaration, read from its signed bundle and verified in
 * the client; "verified" or "not verified" is said in words first, then the text, numbered as
 * adopted, with each paragraph's working label beside its number.
 */
export function PublishedText({ publication }: { readonly publication: PublicationEntry }) {
  const { t, i18n } = useTranslation()
  const checked = useQuery(`published/${publication.id}`, async () => {
    const server = (await bridge.serverUrl()) ?? location.origin
    return { server, result: await checkPublication(server, publication.id) }
  })
  const result = checked.data?.result
  const portal = checked.data ? new URL(publication.url, checked.data.server).href : null
  const text = result?.text ?? null

  return (
    <section className="card published-text" aria-labelledby="published-heading">
      <h2 id="published-heading" className="subheading">
        {publication.kind === 'chair_summary'
          ? t('adoption.publishedSummary')
          : t('adoption.published')}
      </h2>
      <p className="muted small">
        {t('publications.publishedAt', {
          when: formatDateTime(publication.publishedAt, i18n.language),
        })}
        {portal ? (
          <>
            {' · '}
            <a href={portal} target="_blank" rel="noopener">
              {t('adoption.onPortal')}
            </a>
          </>
        ) : null}
      </p>
      <div role="status" className="verification-line">
        {!result ? (
          <p>{t('adoption.verifying')}</p>
        ) : result.verified ? (
          <p className="verification verification-ok" data-verified="true">
            <span className="verification-mark" aria-hidden="true">
              ✓
            </span>
            <strong>{t('adoption.verified')}</strong> {t('adoption.verifiedDetail')}
            <br />
            <span className="small">
              {t('adoption.fingerprint')} <code className="fingerprint">{result.fingerprint}</code>
            </span>
          </p>
        ) : (
          <p className="verification verification-failed" data-verified="false">
            <span className="verification-mark" aria-hidden="true">
              ✗
            </span>
            <strong>{t('adoption.notVerified')}</strong> {t(`adoption.failure.${result.code}`)}{' '}
            <span className="small" lang="en">
              ({result.message})
            </span>
          </p>
        )}
      </div>
      {text ? (
        <article
          className={`final-text${result?.verified ? '' : ' final-text-unverified'}`}
          aria-labelledby="final-title"
        >
          <h3 id="final-title" className="final-title">
            {text.declaration.title}
          </h3>
          <p className="muted small">
            {text.conference.name}, {text.conference.venue}
          </p>
          <p className="final-record" lang="en">
            {text.adoption.statement}
          </p>
          <div className="final-paragraphs" data-testid="final-text">
            {text.paragraphs
              .filter((p) => p.kind !== 'title')
              .map((p) =>
                p.kind === 'heading' ? (
                  <h4 key={p.id} className="final-heading">
                    {p.text}
                  </h4>
                ) : (
                  <p key={p.id} className={`final-paragraph final-${p.kind}`} data-pid={p.id}>
                    {p.number !== null ? <span className="final-number">{p.number}.</span> : null}
                    {p.text}
                    {p.number !== null ? (
                      <span className="final-label muted small"> ({p.workingLabel})</span>
                    ) : null}
                  </p>
                ),
              )}
          </div>
        </article>
      ) : null}
    </section>
  )
}
