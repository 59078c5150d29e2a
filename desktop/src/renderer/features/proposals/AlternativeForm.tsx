import type { Editor } from '@tiptap/core'
import { type FormEvent, useState } from 'react'
import { Checkbox, Form } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { Button } from '../../components/Button'
import { TextField } from '../../components/TextField'
import type { ParagraphInfo } from '../declaration/paragraphs'
import { proposeAlternative } from './proposeAlternative'

/** A delegate proposes an alternative to the paragraph: other wording, or "no text". */
export function AlternativeForm({
  editor,
  paragraph,
  delegation,
}: {
  readonly editor: Editor
  readonly paragraph: ParagraphInfo
  readonly delegation: string
}) {
  const { t } = useTranslation()
  const [text, setText] = useState('')
  const [noText, setNoText] = useState(false)
  const [refused, setRefused] = useState(false)

  function submit(event: FormEvent) {
    event.preventDefault()
    const applied = proposeAlternative(editor, paragraph.pid, delegation, noText ? null : text)
    setRefused(!applied)
    if (applied) {
      setText('')
      setNoText(false)
    }
  }

  return (
    <Form onSubmit={submit} className="form alternative-form">
      <h3 className="subheading">{t('proposals.proposeAlternative')}</h3>
      <Checkbox isSelected={noText} onChange={setNoText} className="checkbox">
        {t('proposals.noTextOption')}
      </Checkbox>
      {noText ? null : (
        <TextField
          label={t('proposals.alternativeText')}
          multiline
          value={text}
          onChange={setText}
          isRequired
        />
      )}
      {refused ? (
        <p className="error-message" role="alert">
          {t('proposals.alternativeRefused')}
        </p>
      ) : null}
      <Button type="submit" variant="primary">
        {t('proposals.addAlternative')}
      </Button>
    </Form>
  )
}
