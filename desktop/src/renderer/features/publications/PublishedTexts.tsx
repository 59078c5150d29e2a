import { useEffect, useRef } from 'react'
import { Heading } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import { notify } from '../../app/notices'
import { useQuery } from '../../app/useQuery'
import { formatDateTime } from '../../i18n/i18n'
import { bridge } from '../../platform/bridge'

/** What `GET /api/conferences/{id}/publications` answers (server/src/routes/publications). */
interface ConferencePublications {
  readonly declarations: readonly { id: string; title: string; stage: string }[]
  readonly publications: readonly {
    id: string
    declarationId: string
    kind: 'declaration' | 'chair_summary'
    title: string
    publishedAt: number
    url: string
  }[]
}

/** How often the list is read again while the page is open, so new texts are announced. */
const POLL_MS = 30_000

/**
 * A conference's published texts (adopted declarations and chair's summaries), each with its
 * page on the public portal, where it can be read, downloaded and verified. Everyone who belongs
 * to the conference sees them, observers included; a text published while the page is open is
 * announced.
 */
export function PublishedTexts({ conferenceId }: { readonly conferenceId: string }) {
  const { t, i18n } = useTranslation()
  const query = useQuery(`publications/${conferenceId}`, () =>
    api<ConferencePublications>('GET', `/conferences/${conferenceId}/publications`),
  )
  // Portal pages live on the server: absolute, so that they resolve from the desktop app too.
  const server = useQuery('server-url', async () => (await bridge.serverUrl()) ?? location.origin)
  const { reload } = query
  useEffect(() => {
    const timer = setInterval(reload, POLL_MS)
    window.addEventListener('focus', reload)
    return () => {
      clearInterval(timer)
      window.removeEventListener('focus', reload)
    }
  }, [reload])

  // Announce texts that appear after the first read; the first read is what was already there.
  const known = useRef<Set<string> | null>(null)
  const publications = query.data?.publications
  useEffect(() => {
    if (!publications) return
    if (known.current) {
      for (const text of publications) {
        if (!known.current.has(text.id)) notify('info', 'publications.new', { title: text.title })
      }
    }
    known.current = new Set(publications.map((text) => text.id))
  }, [publications])

  if (!publications || publications.length === 0) return null
  return (
    <>
      <Heading level={3} className="subheading">
        {t('publications.heading')}
      </Heading>
      <ul className="declaration-list publication-list">
        {publications.map((text) => (
          <li key={text.id}>
            <a
              href={new URL(text.url, server.data ?? location.origin).href}
              className="publication-link"
              target="_blank"
              // In the desktop app the main process hands a new window's https address to the
              // system browser (docs/desktop.md); the web client opens a tab.
              rel="noopener"
            >
              {text.title}
            </a>{' '}
            <span className="muted">
              {t(`publications.kind.${text.kind}`)} ·{' '}
              {t('publications.publishedAt', {
                when: formatDateTime(text.publishedAt, i18n.language),
              })}
            </span>
          </li>
        ))}
      </ul>
    </>
  )
}
