import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'

/**
 * A revision's name in the user's language: the server's default names ("Zero draft",
 * "Current text") are translated; "Rev.1" and names the chair gave are cited as they are.
 */
export function useRevisionName(): (name: string) => string {
  const { t } = useTranslation()
  return useCallback(
    (name: string) =>
      name === 'Zero draft'
        ? t('revisions.zeroDraft')
        : name === 'Current text'
          ? t('revisions.current')
          : name,
    [t],
  )
}
