import { type FormEvent, useState } from 'react'
import { Form, Label, Radio, RadioGroup } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { useStore } from '../../app/useStore'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { TextField } from '../../components/TextField'
import { useDeclaration } from '../declaration/DeclarationContext'
import type { ParagraphInfo } from '../declaration/paragraphs'
import { CommentThread } from './CommentThread'

/** The comment threads of a paragraph, and a form for a new one. */
export function CommentsPanel({ paragraph }: { readonly paragraph: ParagraphInfo }) {
  const { t } = useTranslation()
  const { connection, path, myDelegation, declaration } = useDeclaration()
  const mirror = useStore(connection.mirror)
  const pending = useStore(connection.outbox.pending).filter(
    (c) => c.kind === 'comment' && c.paragraphId === paragraph.pid,
  )
  const [body, setBody] = useState('')
  const [visibility, setVisibility] = useState<'all' | 'delegation'>('all')
  const [error, setError] = useState<unknown>(null)
  const comments = mirror.comments.filter((c) => c.paragraphId === paragraph.pid)
  const roots = comments.filter((c) => c.parentId === null)
  const canComment = declaration.stage === 'negotiating'

  async function submit(event: FormEvent) {
    event.preventDefault()
    setError(null)
    const text = body.trim()
    if (!text) return
    try {
      await connection.outbox.send({
        kind: 'comment',
        paragraphId: paragraph.pid,
        summary: text,
        method: 'POST',
        path: `${path}/comments`,
        body: { paragraphId: paragraph.pid, parentId: null, visibility, body: text },
      })
      setBody('')
    } catch (caught) {
      setError(caught)
    }
  }

  return (
    <div className="comments">
      {roots.length === 0 && pending.length === 0 ? (
        <p className="muted">{t('comments.none')}</p>
      ) : null}
      <ul className="thread-list">
        {roots.map((root) => (
          <CommentThread
            key={root.id}
            root={root}
            replies={comments.filter((c) => c.parentId === root.id)}
            canReply={canComment}
          />
        ))}
        {pending.map((command) => (
          <li key={command.id} className="comment is-pending">
            <p className="comment-body">{command.summary}</p>
            <p className="muted small">{t('comments.pending')}</p>
          </li>
        ))}
      </ul>
      {canComment ? (
        <Form onSubmit={submit} className="form comment-form">
          <TextField
            label={t('comments.new')}
            multiline
            value={body}
            onChange={setBody}
            isRequired
            name="comment"
          />
          {myDelegation ? (
            <RadioGroup
              value={visibility}
              onChange={(v) => setVisibility(v as 'all' | 'delegation')}
              orientation="horizontal"
              className="radio-group"
            >
              <Label className="field-label">{t('comments.visibility')}</Label>
              <Radio value="all" className="radio">
                {t('comments.shared')}
              </Radio>
              <Radio value="delegation" className="radio">
                {t('comments.internal', { delegation: myDelegation.code })}
              </Radio>
            </RadioGroup>
          ) : null}
          <ErrorMessage error={error} />
          <Button type="submit" variant="primary">
            {t('comments.post')}
          </Button>
        </Form>
      ) : null}
    </div>
  )
}
