import { useTranslation } from 'react-i18next'
import type { Stage } from '../../api/types'

/** A declaration's stage, as a labelled badge (the colour only repeats the words). */
export function StageBadge({ stage }: { readonly stage: Stage }) {
  const { t } = useTranslation()
  return (
    <span className={`badge stage-${stage}`}>
      <span className="visually-hidden">{t('stage.label')}: </span>
      {t(`stage.${stage}`)}
    </span>
  )
}
