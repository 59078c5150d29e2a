import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { remaining } from './countdown'

/**
 * The time left until the deadline, ticking each second. It is a `timer` (not a live region), so
 * screen readers read it when asked, not every second.
 */
export function Countdown({ deadline }: { readonly deadline: number }) {
  const { t } = useTranslation()
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000)
    return () => clearInterval(timer)
  }, [])
  const left = remaining(deadline, now)
  return (
    <p className="countdown" role="timer" aria-atomic="true" data-testid="countdown">
      {left.over
        ? t('silence.deadlineReached')
        : left.days > 0
          ? t('silence.leftDays', { ...left })
          : t('silence.left', { ...left })}
    </p>
  )
}
