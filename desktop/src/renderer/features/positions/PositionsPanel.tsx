import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import type { PositionEntry, PositionHistoryEntry } from '../../api/types'
import { useStore } from '../../app/useStore'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { formatDateTime } from '../../i18n/i18n'
import { useDeclaration } from '../declaration/DeclarationContext'
import type { ParagraphInfo } from '../declaration/paragraphs'
import { delegationColour } from '../presence/delegationColour'
import { PositionControl } from './PositionControl'

/** Every delegation's position on a paragraph, deciding and advisory apart, with history on demand. */
export function PositionsPanel({ paragraph }: { readonly paragraph: ParagraphInfo }) {
  const { t } = useTranslation()
  const { connection, myDelegation, role, declaration, path } = useDeclaration()
  const mirror = useStore(connection.mirror)
  const entries = [...(mirror.positions.get(paragraph.pid)?.values() ?? [])].sort((a, b) =>
    a.delegation.localeCompare(b.delegation),
  )
  const deciding = entries.filter((e) => e.decides)
  const advisory = entries.filter((e) => !e.decides)
  const [history, setHistory] = useState<PositionHistoryEntry[] | null>(null)
  const [error, setError] = useState<unknown>(null)

  async function loadHistory() {
    setError(null)
    try {
      setHistory(
        await api<PositionHistoryEntry[]>('GET', `${path}/paragraphs/${paragraph.pid}/positions`),
      )
    } catch (caught) {
      setError(caught)
    }
  }

  return (
    <div className="positions">
      {role === 'delegate' && myDelegation && declaration.stage === 'negotiating' ? (
        <PositionControl
          key={paragraph.pid}
          paragraph={paragraph}
          current={mirror.positions.get(paragraph.pid)?.get(myDelegation.code)}
        />
      ) : null}
      <PositionList title={t('positions.deciding')} entries={deciding} testId="deciding" />
      <PositionList title={t('positions.advisory')} entries={advisory} testId="advisory" />
      <Button variant="quiet" onPress={() => void loadHistory()}>
        {t('positions.showHistory')}
      </Button>
      <ErrorMessage error={error} />
      {history ? <HistoryList entries={history} /> : null}
    </div>
  )
}

function PositionList({
  title,
  entries,
  testId,
}: {
  title: string
  entries: readonly PositionEntry[]
  testId: string
}) {
  const { t, i18n } = useTranslation()
  return (
    <section className="position-group" aria-label={title} data-group={testId}>
      <h3 className="subheading">{title}</h3>
      {entries.length === 0 ? <p className="muted small">{t('positions.none')}</p> : null}
      <ul className="position-list">
        {entries.map((entry) => (
          <li key={entry.delegation} className="position" data-delegation={entry.delegation}>
            <span className="tag" style={{ backgroundColor: delegationColour(entry.delegation) }}>
              {entry.delegation}
            </span>{' '}
            <span className={`badge position-${entry.value}`}>
              {t(`positions.values.${entry.value}`)}
            </span>
            {entry.amendment ? (
              <p className="amendment">{t('positions.amendmentText', { text: entry.amendment })}</p>
            ) : null}
            {entry.note ? <p className="small">{entry.note}</p> : null}
            <p className="muted small" data-recorded-by={entry.recordedBy ?? 'delegation'}>
              {t(setByKey(entry), {
                name: entry.setBy,
                when: formatDateTime(entry.setAt, i18n.language),
              })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  )
}

function HistoryList({ entries }: { entries: readonly PositionHistoryEntry[] }) {
  const { t, i18n } = useTranslation()
  return (
    <section aria-label={t('positions.history')} className="position-group">
      <h3 className="subheading">{t('positions.history')}</h3>
      {entries.length === 0 ? <p className="muted small">{t('positions.none')}</p> : null}
      <ol className="position-list">
        {entries.map((entry) => (
          <li key={`${entry.delegation}-${entry.setAt}-${entry.value}`} className="small">
            <strong>{entry.delegation}</strong> {t(`positions.values.${entry.value}`)} ·{' '}
            {t(setByKey(entry), {
              name: entry.setBy,
              when: formatDateTime(entry.setAt, i18n.language),
            })}
          </li>
        ))}
      </ol>
    </section>
  )
}

/** Who recorded a position: its delegation, or the secretariat on its behalf (said so). */
function setByKey(entry: { recordedBy?: 'delegation' | 'secretariat' }) {
  return entry.recordedBy === 'secretariat' ? 'positions.recordedBySecretariat' : 'positions.setBy'
}
