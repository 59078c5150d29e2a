import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { api } from '../../api/apiClient'
import type { Comment } from '../../api/types'
import { Button } from '../../components/Button'
import { ErrorMessage } from '../../components/ErrorMessage'
import { TextField } from '../../components/TextField'
import { formatDateTime } from '../../i18n/i18n'
import { useDeclaration } from '../declaration/DeclarationContext'

/** A comment with its replies, and what its reader may do: reply, edit, delete, resolve. */
export function CommentThread({
  root,
  replies,
  canReply,
}: {
  readonly root: Comment
  readonly replies: readonly Comment[]
  readonly canReply: boolean
}) {
  const { t } = useTranslation()
  const { connection, path } = useDeclaration()
  const [replying, setReplying] = useState(false)
  const [reply, setReply] = useState('')
  const [error, setError] = useState<unknown>(null)

  async function run(action: () => Promise<unknown>) {
    setError(null)
    try {
      await action()
    } catch (caught) {
      setError(caught)
    }
  }

  async function sendReply() {
    const text = reply.trim()
    if (!text) return
    await run(async () => {
      await connection.outbox.send({
        kind: 'comment',
        paragraphId: root.paragraphId,
        summary: text,
        method: 'POST',
        path: `${path}/comments`,
        body: {
          paragraphId: root.paragraphId,
          parentId: root.id,
          visibility: root.visibility,
          body: text,
        },
      })
      setReply('')
      setReplying(false)
    })
  }

  return (
    <li
      className={`thread${root.resolved ? ' is-resolved' : ''}`}
      data-visibility={root.visibility}
    >
      <CommentItem comment={root} onRun={run} />
      {replies.length > 0 ? (
        <ul className="replies">
          {replies.map((r) => (
            <li key={r.id}>
              <CommentItem comment={r} onRun={run} />
            </li>
          ))}
        </ul>
      ) : null}
      <div className="comment-actions">
        {canReply && !root.deleted ? (
          <Button variant="quiet" onPress={() => setReplying(!replying)}>
            {t('comments.reply')}
          </Button>
        ) : null}
        <Button
          variant="quiet"
          onPress={() =>
            void run(() =>
              api('PUT', `${path}/comments/${root.id}/resolved`, { resolved: !root.resolved }),
            )
          }
        >
          {root.resolved ? t('comments.reopen') : t('comments.resolve')}
        </Button>
      </div>
      {replying ? (
        <div className="reply-form">
          <TextField label={t('comments.replyLabel')} multiline value={reply} onChange={setReply} />
          <Button variant="primary" onPress={() => void sendReply()}>
            {t('comments.sendReply')}
          </Button>
        </div>
      ) : null}
      <ErrorMessage error={error} />
    </li>
  )
}

function CommentItem({
  comment,
  onRun,
}: {
  readonly comment: Comment
  onRun(action: () => Promise<unknown>): Promise<void>
}) {
  const { t, i18n } = useTranslation()
  const { me, path } = useDeclaration()
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(comment.body)
  const mine = comment.authorUserId === me.user.id
  if (comment.deleted) return <p className="muted comment-deleted">{t('comments.deleted')}</p>
  return (
    <article className="comment" aria-label={t('comments.by', { author: comment.author })}>
      <header className="comment-header">
        <span className="comment-author">{comment.author}</span>
        {comment.delegation ? <span className="tag">{comment.delegation}</span> : null}
        <span className={`badge visibility-${comment.visibility}`}>
          {comment.visibility === 'all'
            ? t('comments.sharedBadge')
            : t('comments.internalBadge', { delegation: comment.delegation ?? '' })}
        </span>
        {comment.resolved ? <span className="badge">{t('comments.resolved')}</span> : null}
        {comment.orphaned ? <span className="badge">{t('comments.orphaned')}</span> : null}
        <time className="muted small" dateTime={new Date(comment.createdAt).toISOString()}>
          {formatDateTime(comment.createdAt, i18n.language)}
        </time>
        {comment.editedAt ? <span className="muted small">{t('comments.edited')}</span> : null}
      </header>
      {editing ? (
        <div className="edit-form">
          <TextField label={t('comments.editLabel')} multiline value={draft} onChange={setDraft} />
          <Button
            variant="primary"
            onPress={() =>
              void onRun(async () => {
                await api('PATCH', `${path}/comments/${comment.id}`, { body: draft.trim() })
                setEditing(false)
              })
            }
          >
            {t('common.save')}
          </Button>
          <Button onPress={() => setEditing(false)}>{t('common.cancel')}</Button>
        </div>
      ) : (
        <p className="comment-body">{comment.body}</p>
      )}
      {mine && !editing ? (
        <div className="comment-actions">
          <Button variant="quiet" onPress={() => setEditing(true)}>
            {t('comments.edit')}
          </Button>
          <Button
            variant="quiet"
            onPress={() => void onRun(() => api('DELETE', `${path}/comments/${comment.id}`))}
          >
            {t('comments.delete')}
          </Button>
        </div>
      ) : null}
    </article>
  )
}
