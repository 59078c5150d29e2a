import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import { Button } from '../../components/Button'
import { TextField } from '../../components/TextField'
import { ConfirmDialog } from './ConfirmDialog'

/** Props of {@link BreakSilenceForm}. */
export interface BreakSilenceFormProps {
  readonly path: string
  /** The code of the user's delegation, which the break is recorded for. */
  readonly delegation: string
  onBroken(): void
}

/** A delegate of a deciding delegation breaks silence, giving the reason, which everyone reads. */
export function BreakSilenceForm({ path, delegation, onBroken }: BreakSilenceFormProps) {
  const { t } = useTranslation()
  const [reason, setReason] = useState('')
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const empty = reason.trim() === ''

  async function breakSilence() {
    setBusy(true)
    setError(null)
    try {
      await api('POST', `${path}/silence/break`, { reason: reason.trim() })
      setConfirming(false)
      setReason('')
      onBroken()
    } catch (caught) {
      setError(caught)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form
      className="form outcome-form"
      aria-labelledby="silence-break"
      onSubmit={(event) => {
        event.preventDefault()
        if (!empty) {
          setError(null)
          setConfirming(true)
        }
      }}
    >
      <h2 id="silence-break" className="subheading">
        {t('silence.breakHeading')}
      </h2>
      <p className="muted small">{t('silence.breakHint', { delegation })}</p>
      <TextField
        label={t('silence.reason')}
        description={t('silence.reasonHint')}
        multiline
        isRequired
        value={reason}
        onChange={setReason}
        maxLength={2000}
      />
      <div>
        <Button type="submit" variant="danger" isDisabled={empty}>
          {t('silence.break')}
        </Button>
      </div>
      <ConfirmDialog
        isOpen={confirming}
        title={t('silence.confirmBreakTitle')}
        confirm={t('silence.break')}
        variant="danger"
        busy={busy}
        error={error}
        onConfirm={() => void breakSilence()}
        onCancel={() => setConfirming(false)}
      >
        <p>{t('silence.confirmBreakText', { delegation })}</p>
        <blockquote className="reason-quote">{reason.trim()}</blockquote>
      </ConfirmDialog>
    </form>
  )
}
