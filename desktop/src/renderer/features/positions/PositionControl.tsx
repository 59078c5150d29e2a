import { POSITION_VALUES } from '@accord/protocol'
import { type FormEvent, useState } from 'react'
import { Form, Label, Radio, RadioGroup } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import type { PositionEntry, PositionValue } from '../../api/types'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { TextField } from '../../components/TextField'
import { useDeclaration } from '../declaration/DeclarationContext'
import type { ParagraphInfo } from '../declaration/paragraphs'

/** My delegation's position on the paragraph: a value, an amendment's text, a note. */
export function PositionControl({
  paragraph,
  current,
}: {
  readonly paragraph: ParagraphInfo
  readonly current: PositionEntry | undefined
}) {
  const { t } = useTranslation()
  const { connection, path, myDelegation } = useDeclaration()
  const [value, setValue] = useState<PositionValue>(current?.value ?? 'support')
  const [amendment, setAmendment] = useState(current?.amendment ?? '')
  const [note, setNote] = useState(current?.note ?? '')
  const [error, setError] = useState<unknown>(null)
  const [saved, setSaved] = useState<'sent' | 'queued' | null>(null)

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    setSaved(null)
    try {
      setSaved(
        await connection.outbox.send({
          kind: 'position',
          paragraphId: paragraph.pid,
          summary: t(`positions.values.${value}`),
          method: 'PUT',
          path: `${path}/positions`,
          body: {
            paragraphId: paragraph.pid,
            value,
            amendment: value === 'amendment' ? amendment.trim() || null : null,
            note: note.trim() || null,
          },
        }),
      )
    } catch (caught) {
      setError(caught)
    }
  }

  return (
    <Form onSubmit={submit} className="form position-control">
      <RadioGroup
        value={value}
        onChange={(v) => setValue(v as PositionValue)}
        className="radio-group"
      >
        <Label className="field-label">
          {t('positions.mine', { delegation: myDelegation?.code ?? '' })}
        </Label>
        {POSITION_VALUES.map((v) => (
          <Radio key={v} value={v} className="radio">
            {t(`positions.values.${v}`)}
          </Radio>
        ))}
      </RadioGroup>
      {value === 'amendment' ? (
        <TextField
          label={t('positions.amendment')}
          multiline
          value={amendment}
          onChange={setAmendment}
          isRequired
        />
      ) : null}
      <TextField label={t('positions.note')} multiline value={note} onChange={setNote} />
      <ErrorMessage error={error} />
      <Button type="submit" variant="primary">
        {t('positions.save')}
      </Button>
      {saved ? (
        <p className="muted small" role="status">
          {saved === 'sent' ? t('positions.saved') : t('positions.queued')}
        </p>
      ) : null}
    </Form>
  )
}
