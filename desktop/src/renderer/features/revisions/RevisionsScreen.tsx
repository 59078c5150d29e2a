import { useEffect, useState } from 'react'
import { Heading } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { api, declarationPath } from '../../api/apiClient'
import type { Me } from '../../api/types'
import { routeHref } from '../../app/route'
import { useQuery } from '../../app/useQuery'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { TextField } from '../../components/TextField'
import { formatDateTime } from '../../i18n/i18n'
import { ConnectionStatusView } from '../connection/ConnectionStatusView'
import { StageBadge } from '../declaration/StageBadge'
import { NotOpenNote } from '../matrix/NotOpenNote'
import { OutcomeViewsNav } from './OutcomeViewsNav'
import { RevisionComparison } from './RevisionComparison'
import { useRevisionName } from './revisionName'
import type { Revision } from './revisionTypes'
import { useOutcomeDeclaration } from './useOutcomeDeclaration'

/** How often the list is read again (revisions are not in a mirror; a new one shows within this). */
const LIST_POLL_MS = 10_000

/** Props of {@link RevisionsScreen}. */
export interface RevisionsScreenProps {
  readonly me: Me
  readonly conferenceId: string
  readonly declarationId: string
}

/**
 * The declaration's revisions (Zero draft, Rev.1, …): the list, issuing the next one (the
 * secretariat), and the comparison of any two, or of one with the current text.
 */
export function RevisionsScreen({ me, conferenceId, declarationId }: RevisionsScreenProps) {
  const { t, i18n } = useTranslation()
  const view = useOutcomeDeclaration(me, conferenceId, declarationId)
  const path = declarationPath(conferenceId, declarationId)
  const readable = view.mayOpen
  const list = useQuery(`${path}/revisions/${readable}`, async () =>
    readable ? api<Revision[]>('GET', `${path}/revisions`) : [],
  )
  const { reload } = list
  useEffect(() => {
    const timer = setInterval(reload, LIST_POLL_MS)
    window.addEventListener('focus', reload)
    return () => {
      clearInterval(timer)
      window.removeEventListener('focus', reload)
    }
  }, [reload])
  const name = useRevisionName()
  const [issueName, setIssueName] = useState('')
  const [issuing, setIssuing] = useState(false)
  const [issueError, setIssueError] = useState<unknown>(null)
  const [issued, setIssued] = useState<string | null>(null)

  if (!view.membership) return <p role="alert">{t('errors.forbidden')}</p>
  if (view.membership.role === 'observer') return <NotOpenNote memberRole="observer" />
  if (view.error) return <ErrorMessage error={view.error} />
  if (view.loaded && !view.declaration) return <p role="alert">{t('errors.not_found')}</p>
  if (view.loaded && !view.mayOpen) return <NotOpenNote memberRole={view.membership.role} />

  const revisions = list.data ?? []
  const secretariat = view.membership.role === 'secretariat'

  async function issue() {
    setIssuing(true)
    setIssueError(null)
    try {
      const trimmed = issueName.trim()
      const revision = await api<Revision>(
        'POST',
        `${path}/revisions`,
        trimmed ? { name: trimmed } : {},
      )
      setIssueName('')
      setIssued(revision.name)
      reload()
    } catch (error) {
      setIssueError(error)
    } finally {
      setIssuing(false)
    }
  }

  return (
    <div className="outcome-screen revisions-screen">
      <div className="declaration-header">
        <nav aria-label={t('declaration.breadcrumb')} className="breadcrumb">
          <a href={routeHref({ screen: 'home' })}>{t('home.title')}</a>
        </nav>
        <Heading level={1} className="declaration-title">
          {t('revisions.title', { title: view.declaration?.title ?? '' })}
        </Heading>
        <div className="declaration-meta">
          {view.declaration ? <StageBadge stage={view.declaration.stage} /> : null}
          {view.connection ? <ConnectionStatusView connection={view.connection} /> : null}
        </div>
        <OutcomeViewsNav
          conferenceId={conferenceId}
          declarationId={declarationId}
          current="revisions"
        />
      </div>

      <div className="outcome-columns">
        <section className="card" aria-labelledby="revisions-list">
          <h2 id="revisions-list" className="subheading">
            {t('revisions.list')}
          </h2>
          {list.error && !list.data ? <ErrorMessage error={list.error} /> : null}
          {list.data === undefined ? (
            <p>{t('common.loading')}</p>
          ) : revisions.length === 0 ? (
            <p className="muted">{t('revisions.none')}</p>
          ) : (
            <table className="outcome-table" data-testid="revisions">
              <thead>
                <tr>
                  <th scope="col">{t('revisions.name')}</th>
                  <th scope="col">{t('revisions.issued')}</th>
                  <th scope="col">{t('revisions.agreed')}</th>
                </tr>
              </thead>
              <tbody>
                {[...revisions].reverse().map((revision) => {
                  const counted = revision.paragraphs.filter((p) => p.label !== '')
                  return (
                    <tr key={revision.id} data-revision={revision.number}>
                      <th scope="row">{name(revision.name)}</th>
                      <td>
                        {formatDateTime(revision.createdAt, i18n.language)}
                        <br />
                        <span className="muted small">
                          {t('revisions.by', { name: revision.createdBy })}
                        </span>
                      </td>
                      <td>
                        {t('revisions.agreedCount', {
                          agreed: counted.filter((p) => p.status === 'agreed').length,
                          total: counted.length,
                        })}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )}
          {secretariat ? (
            <form
              className="form outcome-form"
              aria-labelledby="revisions-issue"
              onSubmit={(event) => {
                event.preventDefault()
                void issue()
              }}
            >
              <h3 id="revisions-issue" className="subheading">
                {t('revisions.issueHeading')}
              </h3>
              <p className="muted small">{t('revisions.issueHint')}</p>
              <TextField
                label={t('revisions.issueName')}
                description={t('revisions.issueNameHint', {
                  name:
                    revisions.length === 0 ? t('revisions.zeroDraft') : `Rev.${revisions.length}`,
                })}
                value={issueName}
                onChange={setIssueName}
                maxLength={60}
              />
              <ErrorMessage error={issueError} />
              <div>
                <Button type="submit" variant="primary" isDisabled={issuing}>
                  {revisions.length === 0
                    ? t('revisions.issueZero')
                    : t('revisions.issueNext', {
                        name: issueName.trim() || `Rev.${revisions.length}`,
                      })}
                </Button>
              </div>
              <p role="status" className="small">
                {issued ? t('revisions.issuedNotice', { name: name(issued) }) : ''}
              </p>
            </form>
          ) : null}
        </section>

        <RevisionComparison path={path} revisions={revisions} />
      </div>
    </div>
  )
}
