import { useTranslation } from 'react-i18next'
import { dismiss, notices } from '../app/notices'
import { useStore } from '../app/useStore'
import { Button } from './Button'

/** The page's messages, in a polite live region so screen readers announce them. */
export function Notices() {
  const { t } = useTranslation()
  const list = useStore(notices)
  return (
    <section className="notices" aria-live="polite" aria-label={t('notices.label')}>
      {list.map((notice) => {
        const values = { ...notice.values }
        if (typeof values.reason === 'string') values.reason = t(values.reason)
        return (
          <div key={notice.id} className={`notice notice-${notice.tone}`} role="status">
            <span>{t(notice.key, values)}</span>
            <Button
              variant="quiet"
              onPress={() => dismiss(notice.id)}
              aria-label={t('common.dismiss')}
            >
              ×
            </Button>
          </div>
        )
      })}
    </section>
  )
}
