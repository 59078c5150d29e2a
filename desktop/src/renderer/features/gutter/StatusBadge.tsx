import { useTranslation } from 'react-i18next'
import type { StatusEntry } from '../../api/types'

/** A paragraph's status in words; agreed ones carry a lock. */
export function StatusBadge({ status }: { readonly status: StatusEntry | undefined }) {
  const { t } = useTranslation()
  const value = status?.status ?? 'open'
  const text =
    value === 'pending'
      ? t('status.pendingOf', { delegation: status?.pendingDelegation ?? '?' })
      : t(`status.${value}`)
  return (
    <span className={`badge status-${value}`}>
      {value === 'agreed' ? <LockIcon /> : null}
      {text}
    </span>
  )
}

/** A padlock drawn in SVG (emoji fonts are not everywhere); decorative, the word says it. */
export function LockIcon() {
  return (
    <svg
      className="lock-icon"
      viewBox="0 0 12 14"
      width="10"
      height="12"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M3 6V4a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
      <rect x="1" y="6" width="10" height="8" rx="1.5" fill="currentColor" />
    </svg>
  )
}
