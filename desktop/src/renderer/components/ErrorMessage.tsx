import { useTranslation } from 'react-i18next'
import { ApiError } from '../api/ApiError'
import { errorKey } from '../i18n/errorKey'

/** A refusal from the server, in words, in the user's language (never the raw English). */
export function ErrorMessage({ error }: { readonly error: unknown }) {
  const { t } = useTranslation()
  if (!error) return null
  const code = error instanceof ApiError ? error.code : 'internal'
  const retry = error instanceof ApiError ? error.retryAfter : null
  return (
    <p className="error-message" role="alert">
      {t(errorKey(code))}
      {retry ? ` ${t('errors.retryAfter', { seconds: retry })}` : ''}
    </p>
  )
}
