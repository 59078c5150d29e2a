import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import { Button } from '../../components/Button'
import { TextField } from '../../components/TextField'
import { formatDateTime } from '../../i18n/i18n'
import { ConfirmDialog } from './ConfirmDialog'
import { localInputValue, parseLocalInput } from './countdown'

/** How long silence lasts unless the secretariat says otherwise: 72 hours, as is common. */
const DEFAULT_SILENCE_MS = 72 * 60 * 60 * 1000

/** Props of {@link StartSilenceForm}. */
export interface StartSilenceFormProps {
  /** The declaration's API path. */
  readonly path: string
  /** Whether silence was broken before (the form then says "again"). */
  readonly again: boolean
  onStarted(): void
}

/**
 * The secretariat puts the text under silence until a deadline, with an optional message. The
 * server refuses a text that could not be adopted as it stands, naming the paragraphs.
 */
export function StartSilenceForm({ path, again, onStarted }: StartSilenceFormProps) {
  const { t, i18n } = useTranslation()
  const deadlineId = useId()
  const hintId = useId()
  const [deadline, setDeadline] = useState(() => localInputValue(Date.now() + DEFAULT_SILENCE_MS))
  const [message, setMessage] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const at = parseLocalInput(deadline)
  const invalid = at === null || at <= Date.now()

  async function start() {
    if (at === null) return
    setBusy(true)
    setError(null)
    try {
      const trimmed = message.trim()
      await api('POST', `${path}/silence`, {
        deadline: at,
        ...(trimmed ? { message: trimmed } : {}),
      })
      setConfirming(false)
      onStarted()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="form outcome-form"
      aria-labelledby="silence-start"
      onSubmit={(event) => {
        event.preventDefault()
        if (!invalid) {
          setError(null)
          setConfirming(true)
        }
      }}
    >
      <h2 id="silence-start" className="subheading">
        {again ? t('silence.startAgainHeading') : t('silence.startHeading')}
      </h2>
      <p className="muted small">{t('silence.startHint')}</p>
      <div className="field">
        <label className="field-label" htmlFor={deadlineId}>
          {t('silence.deadline')}
        </label>
        <input
          id={deadlineId}
          className="field-input"
          type="datetime-local"
          step={1}
          required
          value={deadline}
          aria-describedby={hintId}
          aria-invalid={invalid || undefined}
          onChange={(event) => setDeadline(event.target.value)}
        />
        <span id={hintId} className="field-description">
          {invalid
            ? t('silence.deadlinePast')
            : t('silence.deadlineHint', { when: formatDateTime(at, i18n.language) })}
        </span>
      </div>
      <TextField
        label={t('silence.message')}
        description={t('silence.messageHint')}
        multiline
        value={message}
        onChange={setMessage}
        maxLength={2000}
      />
      <div>
        <Button type="submit" variant="primary" isDisabled={invalid}>
          {again ? t('silence.startAgain') : t('silence.start')}
        </Button>
      </div>
      <ConfirmDialog
        isOpen={confirming}
        title={t('silence.confirmStartTitle')}
        confirm={t('silence.start')}
        busy={busy}
        error={error}
        onConfirm={() => void start()}
        onCancel={() => setConfirming(false)}
      >
        <p>
          {t('silence.confirmStartText', {
            when: at === null ? '' : formatDateTime(at, i18n.language),
          })}
        </p>
      </ConfirmDialog>
    </form>
  )
}
