import { closeCodeName } from '@accord/protocol'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useStore } from '../../app/useStore'
import { Button } from '../../components/Button'
import type { DeclarationConnection } from '../../connection/DeclarationConnection'

/** The connection's state in words: online, syncing, offline, reconnecting in N s, or stopped and why. */
export function ConnectionStatusView({
  connection,
}: {
  readonly connection: DeclarationConnection
}) {
  const { t } = useTranslation()
  const status = useStore(connection.status)
  const pending = useStore(connection.outbox.pending)
  const [now, setNow] = useState(Date.now())
  useEffect(() => {
    if (status.state !== 'reconnecting') return
    const timer = setInterval(() => setNow(Date.now()), 500)
    return () => clearInterval(timer)
  }, [status.state])

  let text: string
  switch (status.state) {
    case 'online':
      text = t('connection.online')
      break
    case 'syncing':
      text = t('connection.syncing')
      break
    case 'offline':
      text = t('connection.offline')
      break
    case 'reconnecting':
      text = t('connection.reconnecting', {
        seconds: Math.max(0, Math.ceil((status.retryAt - now) / 1000)),
      })
      break
    case 'stopped':
      text = t(`closeCodes.${closeCodeName(status.code) ?? 'unknown'}`, {
        defaultValue: t('closeCodes.unknown'),
      })
      break
  }
  return (
    <div
      className={`connection connection-${status.state}`}
      role="status"
      data-state={status.state}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span>{text}</span>
      {pending.length > 0 ? (
        <span className="connection-pending">
          {t('connection.pending', { count: pending.length })}
        </span>
      ) : null}
      {status.state === 'reconnecting' ? (
        <Button variant="quiet" onPress={() => connection.retryNow()}>
          {t('connection.retryNow')}
        </Button>
      ) : null}
    </div>
  )
}
