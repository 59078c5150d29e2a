import { Label, Radio, RadioGroup } from 'react-aria-components'
import { useTranslation } from 'react-i18next'
import { LANGUAGES, type Language, setLanguage } from '../i18n/i18n'

// Each language is named in itself, so that someone who cannot read the current one finds theirs.
const NATIVE_NAMES: Record<Language, string> = { en: 'English', ja: '日本語' }

/** Switches the UI language at once; the choice is kept. */
export function LanguageSwitcher() {
  const { t, i18n } = useTranslation()
  return (
    <RadioGroup
      className="segmented"
      orientation="horizontal"
      value={i18n.language}
      onChange={(value) => void setLanguage(value as Language)}
    >
      <Label className="visually-hidden">{t('app.language')}</Label>
      {LANGUAGES.map((language) => (
        <Radio key={language} value={language} className="segment" lang={language}>
          {NATIVE_NAMES[language]}
        </Radio>
      ))}
    </RadioGroup>
  )
}
